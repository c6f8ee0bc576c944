package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.spawn.ControlServer;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A worker that is a child JVM: an ordinary daemonic {@link Process} running {@link WorkerMain},
 * linked to this JVM's control server. Its reader thread turns READY and RESULT frames into
 * {@link PoolEngine#onReady} and {@link PoolEngine#onResult} calls and, after end of stream and the process's exit, reports
 * the exit code to {@link PoolEngine#onExit} — always after the last result, because the
 * worker's socket closes only when the worker has gone.
 */
final class JvmWorker implements Worker {

    private final PoolEngine engine;
    private final PoolEngine.Slot slot;
    private final Process process;
    private final long id;
    private final CompletableFuture<FrameChannel> linkFuture;
    private volatile FrameChannel link;
    private volatile boolean stopRequested;
    private boolean started;    // guarded by this
    private boolean cancelled;  // guarded by this: ended before it was started
    private final String heapLimit;
    private volatile boolean exiting; // the worker said it goes through its JVM's exit

    JvmWorker(PoolEngine engine, PoolEngine.Slot slot, PoolEngine.Config config, byte[] init) {
        this.engine = engine;
        this.slot = slot;
        var server = ControlServer.get();
        this.id = ControlServer.newId();
        this.linkFuture = server.expectConnection(id, Multiprocessing.currentProcess().authkey(), init);
        String socket = server.socket().toString();
        long workerId = id;
        List<String> jvmArgs = new ArrayList<>(config.jvmArgs());
        jvmArgs.add("-XX:+ExitOnOutOfMemoryError"); // an OOM ends the worker: only its task fails
        if (config.memoryLimit() > 0) {
            long limit = config.memoryLimit();
            jvmArgs.add("-Xmx" + (limit % (1 << 20) == 0 ? (limit >> 20) + "m" : limit));
        }
        this.heapLimit = heapLimit(jvmArgs);
        process = Process.builder()
                .target(WorkerMain.target(socket, workerId))
                .daemon(true)
                .jvmArgs(jvmArgs)
                .startMethod("spawn")
                .build();
        process.setName(process.getName().replace("Process-", "PoolWorker-"));
    }

    /**
     * Starts the JVM and the reader (on the engine's launcher thread); the engine hears
     * {@code onReady} once the worker has connected, or {@code onExit} if it never does.
     */
    void start() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            try {
                process.start();
                started = true;
            } catch (RuntimeException e) {
                ControlServer.get().forgetConnection(id);
                cancelled = true;
                slot.launchFailure = e; // read by the engine in onExit, after this
            }
        }
        if (started) {
            Thread.ofPlatform().daemon().name("mp4j-pool-" + process.getName()).start(this::readLoop);
        } else {
            engine.onExit(slot, -1);
        }
    }

    /** Prevents a start that has not happened yet; returns whether it was prevented. */
    private boolean cancelIfNotStarted() {
        synchronized (this) {
            if (started || cancelled) {
                return false;
            }
            cancelled = true;
        }
        ControlServer.get().forgetConnection(id);
        engine.onExit(slot, -15);
        return true;
    }

    private void readLoop() {
        try {
            CompletableFuture.anyOf(linkFuture, process.onExit()).join();
            link = linkFuture.getNow(null);
        } catch (CompletionException e) {
            link = null; // the handshake failed; the exit code tells the rest
        }
        if (link != null && stopRequested) {
            closeLink(); // stopped while it was connecting
        } else if (link != null) {
            var serializer = Serializers.get();
            link.readAhead(); // only this loop reads the link from now on
            try {
                while (true) {
                    var f = link.read();
                    if (f.type() == WorkerProtocol.READY) {
                        engine.onReady(slot);
                    } else if (f.type() == WorkerProtocol.EXITING) {
                        exiting = true;
                    } else if (f.type() == WorkerProtocol.RESULT) {
                        ChunkResult r;
                        try {
                            r = ChunkCodec.decodeResult(f.payload(), serializer);
                        } catch (SerializationException e) {
                            engine.onUndecodableResult(slot, e);
                            continue;
                        }
                        engine.onResult(slot, r);
                    }
                }
            } catch (IOException e) {
                // end of stream: the worker has gone or is going
            }
        }
        process.join();
        ControlServer.get().forgetConnection(id);
        Integer code = process.exitCode();
        closeLink();
        if (code != null && code == OUT_OF_MEMORY_STATUS && !exiting) {
            slot.outOfMemory = heapLimit; // read by the engine in onExit, after this
        }
        engine.onExit(slot, code == null ? -1 : code);
    }

    /**
     * The status of a JVM that -XX:+ExitOnOutOfMemoryError ended. It skips the JVM's exit, so
     * the worker sends no EXITING, which tells it apart from a task's System.exit(3).
     */
    private static final int OUT_OF_MEMORY_STATUS = 3;

    /** The heap limit the last heap option of {@code jvmArgs} sets, for an out-of-memory report. */
    static String heapLimit(List<String> jvmArgs) {
        String limit = null;
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize=") || a.startsWith("-XX:MaxRAMPercentage=")) {
                limit = a;
            }
        }
        return limit != null ? limit : "the JVM's default (no -Xmx, no memoryLimit)";
    }

    @Override
    public String name() {
        return process.getName();
    }

    @Override
    public void send(PoolEngine.Job job) {
        FrameChannel ch = link;
        if (ch == null) {
            return; // cannot happen: the engine sends only to ready workers
        }
        try {
            ch.write(WorkerProtocol.TASK, job.encoded());
        } catch (IOException e) {
            // the worker is dying: its exit fails the job as lost
        }
    }

    @Override
    public void abandon(long chunkId) {
        FrameChannel ch = link;
        if (ch != null) {
            try {
                ch.write(WorkerProtocol.INTERRUPT, ByteBuffer.allocate(8).putLong(chunkId).array());
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
        if (!cancelIfNotStarted()) {
            closeLink();
        }
    }

    @Override
    public void terminate() {
        if (!cancelIfNotStarted()) {
            process.terminate();
        }
    }

    @Override
    public void kill() {
        if (!cancelIfNotStarted()) {
            process.kill();
        }
    }

    private void closeLink() {
        FrameChannel ch = link;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
