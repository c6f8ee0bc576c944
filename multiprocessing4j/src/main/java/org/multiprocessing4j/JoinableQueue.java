package org.multiprocessing4j;

/**
 * A {@link Queue} that also counts unfinished items (Python's {@code JoinableQueue}): every
 * {@code put} adds one, every {@link #taskDone()} removes one, and {@link #join()} waits until
 * the count is zero, that is, until every item put has been fetched and reported done.
 * Thread-safe and process-safe.
 */
public interface JoinableQueue<E> extends Queue<E> {

    /**
     * Reports that an item fetched with {@code get} has been processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /** Waits until every item put has been fetched and reported done with {@link #taskDone()}. */
    void join();
}
