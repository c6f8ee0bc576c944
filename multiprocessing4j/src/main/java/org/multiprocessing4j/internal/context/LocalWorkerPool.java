package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.internal.pool.PoolEngine;

import java.io.InvalidClassException;
import java.io.ObjectStreamException;
import java.time.Duration;

/** The {@link WorkerPool} of the local start methods: the supervised {@link PoolEngine} of this JVM. */
final class LocalWorkerPool implements EngineWorkerPool {

    private final PoolEngine engine;

    LocalWorkerPool(PoolSpec spec, boolean threads) {
        this.engine = new PoolEngine(new PoolEngine.Config(spec.processes(), spec.initializer(), spec.maxTasksPerChild(),
                spec.jvmArgs(), spec.taskTimeout(), spec.memoryLimit(), threads, spec.progress()));
    }

    @Override
    public int processes() {
        return engine.config().processes();
    }

    @Override
    public boolean serialisesWork() {
        return !engine.config().threads();
    }

    @Override
    public PoolEngine engine() {
        return engine;
    }

    @Override
    public void shutdown() {
        engine.shutdown();
    }

    @Override
    public void terminate() {
        engine.terminate();
    }

    @Override
    public boolean awaitTermination(Duration timeout, boolean requireShutdown) throws InterruptedException {
        return engine.awaitTermination(timeout, requireShutdown);
    }

    @Override
    public boolean isShutdown() {
        return engine.state() != PoolEngine.State.RUN;
    }

    @Override
    public boolean isTerminated() {
        return engine.state() == PoolEngine.State.TERMINATED;
    }

    @Override
    public String state() {
        return engine.state().name();
    }

    @Override
    public Handoff handoff() throws ObjectStreamException {
        throw new InvalidClassException("org.multiprocessing4j.Pool", "a pool's workers belong to the process that"
                + " started them, so the pool cannot be passed to another process; pass the work's inputs instead, or"
                + " share a manager's pool (manager.pool(n)), which any process may use");
    }
}
