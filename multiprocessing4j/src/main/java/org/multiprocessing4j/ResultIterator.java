package org.multiprocessing4j;

import java.time.Duration;
import java.util.Iterator;

/**
 * The results of {@link Pool#imap} and {@link Pool#imapUnordered}, produced as the pool
 * computes them. {@link #next()} blocks until the next result is ready; a task that failed
 * throws at its own position only, and iteration can go on past it: its own unchecked exception
 * as itself (worker's frames, then the caller's, as {@link AsyncResult#get(java.time.Duration)}),
 * a checked one in a {@link RemoteExecutionException}, or what the pool reported
 * ({@link WorkerLostException}, ...). If the input iterator throws, its exception is thrown
 * at the position where the input stopped, and the iteration ends there.
 */
public interface ResultIterator<R> extends Iterator<R> {

    /**
     * The next result, waiting at most {@code timeout} (null: no limit).
     *
     * @throws WaitTimeoutException if it is not ready in time; the call may be retried
     * @throws java.util.NoSuchElementException if there are no more results
     */
    R next(Duration timeout);
}
