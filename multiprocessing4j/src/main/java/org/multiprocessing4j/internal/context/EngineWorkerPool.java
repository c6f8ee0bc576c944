package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.internal.pool.ChunkEngine;
import org.multiprocessing4j.internal.pool.PoolOps;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link WorkerPool} whose operations are the pool's own ({@link PoolOps}: results, map
 * collection, lazy imap, executor futures) over a {@link ChunkEngine} that only runs chunks:
 * the local engine of this machine, or another backend's (the Redis module's agents).
 * Implementations supply {@link #engine()} and the lifecycle.
 */
public interface EngineWorkerPool extends WorkerPool {

    /** What runs the chunks. */
    ChunkEngine engine();

    @Override
    default <R> AsyncResult<R> apply(Object callable, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return PoolOps.apply(engine(), callable, callback, errorCallback);
    }

    @Override
    default <R> AsyncResult<List<R>> map(boolean star, Object fn, List<?> items, int chunksize,
                                         Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        return PoolOps.map(engine(), star, fn, items, chunksize, callback, errorCallback);
    }

    @Override
    default <T, R> ResultIterator<R> imap(Object fn, Iterator<T> items, int chunksize, boolean ordered) {
        return PoolOps.imap(engine(), fn, items, chunksize, ordered);
    }

    @Override
    default <R> CompletableFuture<R> submit(Object callable) {
        return PoolOps.submit(engine(), callable);
    }
}
