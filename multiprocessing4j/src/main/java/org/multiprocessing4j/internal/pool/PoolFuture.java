package org.multiprocessing4j.internal.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of one task submitted to an executor on a {@link PoolEngine}. As in Python's
 * {@code concurrent.futures}, {@link #cancel} succeeds only while the task is still queued: a
 * task a worker has started runs to its end.
 */
public final class PoolFuture<T> extends CompletableFuture<T> {

    private final ChunkEngine engine;
    private volatile long chunkId = -1;
    private volatile String failedAs; // which task failed where, when it failed with its own exception

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

    /** Set before the future fails with the task's own exception: the message of {@code get}'s exception. */
    void failedAs(String message) {
        this.failedAs = message;
    }

    /** As {@link CompletableFuture#get()}; a task's own exception comes with which task it was ("task 2 failed in ..."). */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        try {
            return super.get();
        } catch (ExecutionException e) {
            throw named(e);
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return super.get(timeout, unit);
        } catch (ExecutionException e) {
            throw named(e);
        }
    }

    private ExecutionException named(ExecutionException e) {
        String message = failedAs;
        return message != null ? new ExecutionException(message, e.getCause()) : e;
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
