package org.multiprocessing4j.internal.pool;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one task submitted to an executor on a {@link PoolEngine}. As in Python's
 * {@code concurrent.futures}, {@link #cancel} succeeds only while the task is still queued: a
 * task a worker has started runs to its end.
 */
public final class PoolFuture<T> extends CompletableFuture<T> {

    private final ChunkEngine engine;
    private volatile long chunkId = -1;

    PoolFuture(ChunkEngine engine) {
        this.engine = engine;
    }

    void bind(long id) {
        this.chunkId = id;
    }

    /** The engine's id of this task's chunk. */
    public long chunkId() {
        return chunkId;
    }

    /** As {@link CompletableFuture#cancel}: true also when the future was already cancelled. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isCancelled()) {
            return true;
        }
        long id = chunkId;
        return !isDone() && id >= 0 && engine.cancelQueued(id) && super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependent stages are plain futures
    }
}
