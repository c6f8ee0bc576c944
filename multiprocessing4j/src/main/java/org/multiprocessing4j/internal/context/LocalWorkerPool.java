package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.internal.pool.ChunkTarget;
import org.multiprocessing4j.internal.pool.PoolEngine;
import org.multiprocessing4j.internal.pool.PoolOps;

import java.io.InvalidClassException;
import java.io.ObjectStreamException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The {@link WorkerPool} of the local start methods: the supervised {@link PoolEngine} of this JVM. */
final class LocalWorkerPool implements WorkerPool {

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
    public <R> AsyncResult<R> apply(Object callable, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return PoolOps.apply(engine, callable, callback, errorCallback);
    }

    @Override
    public <R> AsyncResult<List<R>> map(boolean star, Object fn, List<?> items, int chunksize,
                                        Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        return PoolOps.map(engine, star, fn, items, chunksize, callback, errorCallback);
    }

    @Override
    public <T, R> ResultIterator<R> imap(Object fn, Iterator<T> items, int chunksize, boolean ordered) {
        return PoolOps.imap(engine, fn, items, chunksize, ordered);
    }

    @Override
    public ChunkTarget chunks() {
        return engine.chunkTarget();
    }

    @Override
    public <R> CompletableFuture<R> submit(Object callable) {
        return PoolOps.submit(engine, callable);
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
