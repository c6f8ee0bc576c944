package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.spawn.ControlClient;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.multiprocessing4j.internal.wire.Bytes;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    private WorkerMain() {}

    /**
     * The target of a worker's process. A lambda of this class, not of the pool's side: a worker
     * JVM started with the AOT cache has this class and (through {@link PoolTraining}) the
     * lambda's class ready, where one of {@code JvmWorker} cost ~20 ms to load and link before
     * the worker could connect.
     */
    static SerializableRunnable target(String socket, long id) {
        return () -> run(socket, id);
    }

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
        link.readAhead(); // only the loop below reads the link from now on
        // Tells the pool this JVM goes through its exit (System.exit, or the end of the worker),
        // which the JVM's own exit on an OutOfMemoryError skips; a closed link is fine.
        // Then closes the link: a thread of the loop blocked reading it would otherwise hold
        // the JVM's exit (a terminate(), a pool left open at its program's exit) for 300 ms,
        // HotSpot's wait for threads in native code.
        SpawnRuntime.onExit(SpawnRuntime.Phase.EXECUTORS, () -> {
            try {
                link.write(WorkerProtocol.EXITING, new byte[0]);
            } catch (IOException e) {
                // the pool closed the link first: it is not asking
            }
            closeQuietly(link);
        });
        var init = ChunkCodec.decodeInit(connected.firstPayload());
        if (init.initializer() != null) {
            init.initializer().run();
        }
        Serializer serializer = Serializers.get();
        // The message path once before the worker says it is ready, so that the first task's
        // time (and its task timeout) is mostly the task's; it builds no Fory (ChunkCodec).
        PoolTraining.run(1);
        try {
            link.write(WorkerProtocol.READY, new byte[0]);
        } catch (IOException e) {
            return; // the pool is gone
        }
        try {
            new Loop(link, init, serializer).serve();
        } finally {
            closeQuietly(link); // the results are written; the pool sees end of stream
        }
    }

    private static void closeQuietly(FrameChannel link) {
        try {
            link.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * The worker's two threads in leader/follower roles: at most one reads the link and at most
     * one runs a chunk, and the thread that reads a task runs it itself when no chunk is running,
     * after waking the other to take over the reading (which then happens while the chunk runs)
     * if a frame may come while it runs: a prefetched chunk behind a chunk of a map, an
     * INTERRUPT when the pool has a task timeout. The pool sends nothing else to a worker whose
     * chunk runs ({@link WorkerProtocol}), so a single task (apply, submit) of a pool without
     * task timeouts is read, run and answered by one thread while the other sleeps, and frames
     * that may come while a chunk runs are still read at once. A thread that ends a chunk wakes
     * no one: it goes on to do itself whatever is to be done next. Chunks run one at a time in
     * the order received, as the pool's bookkeeping of a dead worker requires.
     *
     * <p>A reading thread never carries an interrupt: {@link ChunkRunner} clears the flag when a
     * chunk ends and cannot deliver one after that, and an interrupted read would close the
     * link.
     */
    private static final class Loop {
        private final FrameChannel link;
        private final WorkerProtocol.Init init;
        private final Serializer serializer;
        private final ChunkRunner runner = new ChunkRunner();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        // all guarded by lock
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private boolean reading;  // a thread is in link.read()
        private boolean running;  // a thread runs a chunk
        private boolean ended;    // the pool closed the link: run what was received, then stop
        private boolean stopped;  // retiring, or the pool is gone: run nothing more
        private int done;

        Loop(FrameChannel link, WorkerProtocol.Init init, Serializer serializer) {
            this.link = link;
            this.init = init;
            this.serializer = serializer;
        }

        /** Runs on the worker's main thread until the worker is to exit. */
        void serve() {
            Thread.ofPlatform().daemon().name("mp4j-worker-io").start(this::loop);
            loop();
        }

        private void loop() {
            while (true) {
                byte[] task = nextTask();
                if (task == null) {
                    return;
                }
                boolean stop = runChunk(task);
                lock.lock();
                try {
                    // No signal: this thread's nextTask() does what the other would do now, and
                    // signals when it stops; waking the other would only swap the roles.
                    running = false;
                    stopped |= stop;
                } finally {
                    lock.unlock();
                }
                if (stop) {
                    // The other thread may be blocked reading: closing ends its read (HotSpot
                    // would otherwise wait up to 300 ms at exit for a thread blocked in native).
                    closeQuietly(link);
                }
            }
        }

        /** The next chunk to run (this thread now runs it), reading frames meanwhile; null when the worker stops. */
        private byte[] nextTask() {
            lock.lock();
            try {
                while (true) {
                    if (stopped || ended && pending.isEmpty() && !running) {
                        changed.signalAll();
                        return null;
                    }
                    if (!running && !pending.isEmpty()) {
                        running = true;
                        byte[] task = pending.poll();
                        if (framesMayCome(task)) {
                            changed.signalAll(); // a waiting thread takes over the reading
                        }
                        return task;
                    }
                    if (!reading && !ended) {
                        reading = true;
                        lock.unlock();
                        FrameChannel.Frame frame;
                        try {
                            frame = readFrame();
                        } finally {
                            lock.lock();
                            reading = false;
                        }
                        accept(frame);
                        continue;
                    }
                    changed.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether the pool may send a frame while {@code task} runs ({@link WorkerProtocol}, step 2). */
        private boolean framesMayCome(byte[] task) {
            return init.timeouts() || ChunkCodec.kind(task) != Chunk.Kind.CALL;
        }

        private FrameChannel.Frame readFrame() {
            try {
                return link.read();
            } catch (IOException e) {
                return null; // end of stream, or the link was closed by a retiring thread
            }
        }

        private void accept(FrameChannel.Frame f) {
            if (f == null) {
                ended = true;
                changed.signalAll();
                return;
            }
            switch (f.type()) {
                case WorkerProtocol.TASK -> pending.add(f.payload());
                case WorkerProtocol.INTERRUPT -> runner.abandon(Bytes.getLong(f.payload(), 0));
                default -> { /* unknown frames from a newer pool are ignored */ }
            }
        }

        /** Runs one chunk and writes its result; true if the worker stops after it. */
        private boolean runChunk(byte[] encoded) {
            boolean retiring = init.maxTasks() > 0 && ++done >= init.maxTasks(); // done: only the running thread touches it
            long chunkId = ChunkCodec.chunkId(encoded);
            ChunkResult result;
            try {
                Chunk chunk = ChunkCodec.decodeChunk(encoded, serializer);
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
                return true; // the pool is gone
            }
            return retiring;
        }
    }

    /**
     * Encodes the result; a value or an exception that cannot be serialised fails its own item
     * only (as a {@link SerializationException} or a {@link RemoteTrace}), never the chunk.
     */
    static byte[] encodeResult(Serializer serializer, ChunkResult r) {
        try {
            return ChunkCodec.encode(r, serializer);
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
            return ChunkCodec.encode(new ChunkResult(r.chunkId(), values, failures, r.retiring()), serializer);
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
