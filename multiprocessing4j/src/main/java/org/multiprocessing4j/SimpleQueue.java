package org.multiprocessing4j;

/**
 * A plain unbounded queue shared by processes (Python's {@code SimpleQueue}): {@code put} writes
 * the item before returning (no feeder thread), {@code get} blocks until an item is there.
 * {@code null} is a legal item. Thread-safe and process-safe.
 */
public interface SimpleQueue<E> extends AutoCloseable {

    /** Puts {@code item}; it is visible to getters when this returns. */
    void put(E item);

    /** Removes and returns the next item, waiting as long as needed. */
    E get();

    /** Whether the queue looked empty at the time of the call. */
    boolean empty();

    /**
     * Releases this process's hold on the queue; other processes keep using it. Afterwards
     * {@code put}, {@code get} and {@code empty} in this process throw
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    void close();
}
