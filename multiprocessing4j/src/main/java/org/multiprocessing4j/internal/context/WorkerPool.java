package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.ResultIterator;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The engine behind a {@code Pool} and a {@code ProcessPoolExecutor}, made by a
 * {@link StartMethod}: the public classes check their arguments and delegate every operation
 * here. The local implementation is {@link LocalWorkerPool} (supervised worker JVMs or threads);
 * a backend that runs work elsewhere implements this interface once and gets both public types.
 *
 * <p>Semantics are those documented on {@code Pool}: tasks are serialised in the caller (an
 * unserialisable one raises {@code SerializationException} and nothing is queued), outcomes and
 * callbacks are delivered in this process, and the lifecycle is
 * {@code RUN → CLOSE | TERMINATE → TERMINATED}. Submitting when not running raises
 * {@link IllegalStateException}. Thread-safe.
 */
public interface WorkerPool {

    /** The number of workers. */
    int processes();

    /** Whether tasks are serialised to the workers, so must be serialisable (not for threads of this JVM). */
    boolean serialisesWork();

    /** Runs a callable ({@code SerializableCallable}) in a worker. */
    <R> AsyncResult<R> apply(Object callable, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback);

    /**
     * Applies {@code fn} to {@code items} in chunks of {@code chunksize}: a
     * {@code SerializableFunction} over the items, or with {@code star} a
     * {@code SerializableBiFunction} over {@code Object[2]} pairs.
     */
    <R> AsyncResult<List<R>> map(boolean star, Object fn, List<?> items, int chunksize,
                                 Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback);

    /** Applies {@code fn} to items read lazily, yielding results in input order or, unordered, as they come. */
    <T, R> ResultIterator<R> imap(Object fn, Iterator<T> items, int chunksize, boolean ordered);

    /**
     * Runs a callable for an executor: the future completes with its value or its own exception;
     * {@code cancel} succeeds only while the task is queued.
     */
    <R> CompletableFuture<R> submit(Object callable);

    /** No new work; queued work still runs, then the workers end. */
    void shutdown();

    /** Ends the workers now, failing what is not done. */
    void terminate();

    /**
     * Waits at most {@code timeout} (null: no limit) for the workers to end.
     *
     * @param requireShutdown whether to refuse (with {@link IllegalStateException}) while running
     */
    boolean awaitTermination(Duration timeout, boolean requireShutdown) throws InterruptedException;

    /** Whether the pool no longer accepts work. */
    boolean isShutdown();

    /** Whether every worker has ended after a shutdown or terminate. */
    boolean isTerminated();

    /** The lifecycle state's name, for {@code toString}. */
    String state();

    /**
     * What this engine turns into when its {@code Pool} is serialised to go to another process:
     * a handle that opens an engine over the same workers there, or an exception saying why
     * this pool cannot travel (a local pool's workers belong to the process that started them).
     */
    Handoff handoff() throws ObjectStreamException;

    /** A pool in transit to another process; see {@link #handoff()}. */
    interface Handoff extends Serializable {

        /** An engine of this process over the pool that travelled. */
        WorkerPool open();
    }
}
