package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.spawn.ControlClient;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The loop of a pool worker JVM (the worker side of {@link WorkerProtocol}). It is the target of
 * an ordinary daemonic {@code Process}, so start-up, authentication, exit codes and death with
 * the parent are the process runtime's.
 */
final class WorkerMain {

    /**
     * A worker retires when its heap after the last GC stays above this share of the memory
     * limit after a task. Measured with G1: a worker holding ~80% of {@code -Xmx} live already
     * dies of OutOfMemoryError, so retiring has to start well below that.
     */
    static final double RETIRE_HEAP_FRACTION = 0.60;

    private static final byte[] END = new byte[0];

    private WorkerMain() {}

    /** Runs in the worker: connect, initialise, run chunks until told to stop or retiring. */
    static void run(String socket, long id) {
        Serializers.use(Serializers.name(), true); // a worker lives long: let Fory generate code
        ControlClient.Connected connected;
        try {
            connected = ControlClient.connect(Path.of(socket), id, Multiprocessing.currentProcess().authkey());
        } catch (IOException e) {
            throw new UncheckedIOException("pool worker cannot reach its pool", e);
        }
        var link = connected.link();
        var init = (WorkerProtocol.Init) ProcessPayload.decode(connected.firstPayload());
        if (init.initializer() != null) {
            init.initializer().run();
        }
        Serializer serializer = Serializers.get();
        warmUp(serializer);
        try {
            link.write(WorkerProtocol.READY, new byte[0]);
        } catch (IOException e) {
            return; // the pool is gone
        }
        var runner = new ChunkRunner();
        BlockingQueue<byte[]> tasks = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("mp4j-worker-reader").start(() -> read(link, tasks, runner));
        try {
            serve(link, init, serializer, runner, tasks);
        } finally {
            // Closing the link ends the reader's blocking read: HotSpot would otherwise wait up
            // to 300 ms at exit for a thread blocked in native code. The results are written.
            try {
                link.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static void serve(FrameChannel link, WorkerProtocol.Init init, Serializer serializer, ChunkRunner runner,
                              BlockingQueue<byte[]> tasks) {
        int done = 0;
        while (true) {
            byte[] encoded = take(tasks);
            if (encoded == END) {
                return;
            }
            done++;
            boolean retiring = init.maxTasks() > 0 && done >= init.maxTasks();
            long chunkId = ByteBuffer.wrap(encoded).getLong();
            ChunkResult result;
            try {
                Chunk chunk = (Chunk) serializer.decode(Arrays.copyOfRange(encoded, 8, encoded.length));
                result = runner.run(chunk, retiring);
            } catch (SerializationException e) {
                // The pool fails every item of the chunk with this one failure.
                result = new ChunkResult(chunkId, new Object[0],
                        new Throwable[] {new SerializationException("the worker cannot decode the task: "
                                + e.getMessage(), e.offendingClass(), null)}, retiring);
            }
            if (!retiring && init.memoryLimit() > 0 && heapAfterLastGc() > RETIRE_HEAP_FRACTION * init.memoryLimit()) {
                retiring = true;
                result = new ChunkResult(result.chunkId(), result.values(), result.failures(), true);
            }
            try {
                link.write(WorkerProtocol.RESULT, encodeResult(serializer, result));
            } catch (IOException e) {
                return; // the pool is gone
            }
            if (retiring) {
                return;
            }
        }
    }

    /**
     * Builds the serializer and its code for the pool's own messages before the worker says it
     * is ready, so that the first task's time (and its task timeout) is the task's.
     */
    private static void warmUp(Serializer serializer) {
        var chunk = new Chunk(0, Chunk.Kind.MAP, null, new Object[] {1, "x", 2L});
        serializer.decode(serializer.encode(chunk));
        serializer.decode(encodeResult(serializer, new ChunkResult(0, new Object[] {1}, null, false)));
    }

    private static void read(FrameChannel link, BlockingQueue<byte[]> tasks, ChunkRunner runner) {
        try {
            while (true) {
                var f = link.read();
                switch (f.type()) {
                    case WorkerProtocol.TASK -> tasks.add(f.payload());
                    case WorkerProtocol.INTERRUPT -> runner.abandon(ByteBuffer.wrap(f.payload()).getLong());
                    default -> { /* unknown frames from a newer pool are ignored */ }
                }
            }
        } catch (IOException e) {
            tasks.add(END);
        }
    }

    private static byte[] take(BlockingQueue<byte[]> tasks) {
        while (true) {
            try {
                return tasks.take();
            } catch (InterruptedException e) {
                // an interrupt meant for a task that has just ended: keep waiting
            }
        }
    }

    /**
     * Encodes the result; a value or an exception that cannot be serialised fails its own item
     * only (as a {@link SerializationException} or a {@link RemoteTrace}), never the chunk.
     */
    static byte[] encodeResult(Serializer serializer, ChunkResult r) {
        try {
            return serializer.encode(r);
        } catch (SerializationException whole) {
            int n = r.values().length;
            Object[] values = r.values().clone();
            Throwable[] failures = r.failures() != null ? r.failures().clone() : new Throwable[n];
            for (int i = 0; i < n; i++) {
                if (failures[i] != null) {
                    try {
                        serializer.encode(failures[i]);
                    } catch (SerializationException e) {
                        failures[i] = RemoteTrace.of(failures[i]);
                    }
                } else if (values[i] != null) {
                    try {
                        serializer.encode(values[i]);
                    } catch (SerializationException e) {
                        values[i] = null;
                        failures[i] = new SerializationException("the result of the task cannot be serialised: "
                                + e.getMessage(), e.offendingClass(), null);
                    }
                }
            }
            return serializer.encode(new ChunkResult(r.chunkId(), values, failures, r.retiring()));
        }
    }

    private static long heapAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
