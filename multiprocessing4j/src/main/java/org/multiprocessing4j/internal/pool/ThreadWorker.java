package org.multiprocessing4j.internal.pool;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A worker that is a thread of this JVM ({@code "thread"} start method, Python's
 * {@code ThreadPool}): chunks are handed over as objects, nothing is serialised. A thread cannot
 * be killed: {@link #kill()} abandons it (it is reported as ended at once, and whatever it
 * still returns is ignored).
 */
final class ThreadWorker implements Worker {

    private static final Object STOP = new Object();

    private final PoolEngine engine;
    private final PoolEngine.Slot slot;
    private final PoolEngine.Config config;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ChunkRunner runner = new ChunkRunner();
    private final Thread thread;
    private volatile boolean detached;

    ThreadWorker(PoolEngine engine, PoolEngine.Slot slot, PoolEngine.Config config, String name) {
        this.engine = engine;
        this.slot = slot;
        this.config = config;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        int code = 0;
        try {
            if (config.initializer() != null) {
                config.initializer().run();
            }
            engine.onReady(slot);
            int done = 0;
            while (true) {
                Object next = inbox.take();
                if (next == STOP) {
                    break;
                }
                var job = (PoolEngine.Job) next;
                done++;
                boolean retiring = config.maxTasksPerChild() > 0 && done >= config.maxTasksPerChild();
                var result = runner.run(job.chunk(), retiring);
                if (!detached) {
                    engine.onResult(slot, result);
                }
                if (retiring) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            code = -15;
        } catch (RuntimeException | Error e) {
            code = 1; // the initializer failed
        }
        if (!detached) {
            engine.onExit(slot, code);
        }
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public void send(PoolEngine.Job job) {
        inbox.add(job);
    }

    @Override
    public void abandon(long chunkId) {
        runner.abandon(chunkId);
    }

    @Override
    public void stop() {
        inbox.add(STOP);
    }

    @Override
    public void terminate() {
        kill();
    }

    @Override
    public void kill() {
        if (!detached) {
            detached = true;
            inbox.add(STOP);
            thread.interrupt();
            engine.onExit(slot, -9);
        }
    }
}
