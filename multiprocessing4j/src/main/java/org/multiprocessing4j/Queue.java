package org.multiprocessing4j;

import java.time.Duration;

/**
 * A first-in first-out queue shared by processes (Python's {@code multiprocessing.Queue}):
 * any number of processes and threads put and get concurrently, every item is delivered to
 * exactly one getter, and the items one thread puts arrive in the order it put them.
 *
 * <p>Items are serialised copies: a getter receives an equal object, not the one that was put.
 * {@code null} is a legal item (the usual "no more work" sentinel). An item that cannot be
 * serialised makes {@code put} throw {@link SerializationException} in the caller and leaves
 * the queue as it was.
 *
 * <p>Create one with {@link Multiprocessing#queue()} / {@link Multiprocessing#queue(int)} (or the
 * same methods of a {@link Context}), and pass it to a child as a field of its target; a manager
 * hands out proxies of this interface too. Implementations are thread-safe and process-safe.
 *
 * <p><b>Feeder thread.</b> As in CPython, {@code put} may hand the item to a background feeder
 * thread of the calling process and return before the item is visible to getters. (The
 * shared-memory queue makes one exception: an item of 64 KiB or more that finds the queue's
 * ring full waits for room while getters keep taking items, up to 10 ms without progress,
 * rather than being copied for the feeder; {@code putNowait} does not wait.) Items a
 * process put are flushed before it exits unless {@link #cancelJoinThread()} was called;
 * {@link #close()} followed by {@link #joinThread()} waits for the flush explicitly.
 */
public interface Queue<E> extends AutoCloseable {

    /** Puts {@code item}, waiting as long as needed for room in a bounded queue. */
    void put(E item);

    /**
     * Puts {@code item}, waiting at most {@code timeout} for room (negative acts as zero).
     *
     * @throws QueueFullException if no room appeared in time; the item was not enqueued
     */
    void put(E item, Duration timeout);

    /**
     * Puts {@code item} only if there is room now.
     *
     * @throws QueueFullException if the bounded queue is full; the item was not enqueued
     */
    void putNowait(E item);

    /** Removes and returns the next item, waiting as long as needed. */
    E get();

    /**
     * Removes and returns the next item, waiting at most {@code timeout} (negative acts as zero).
     *
     * @throws QueueEmptyException if no item arrived in time
     */
    E get(Duration timeout);

    /**
     * Removes and returns the next item if one is there now.
     *
     * @throws QueueEmptyException if the queue is empty
     */
    E getNowait();

    /**
     * The approximate number of items in the queue: a snapshot that other processes may change
     * at once. An item counts from the moment {@code put} returns, also while some process's
     * feeder thread still holds it (as CPython counts it in {@code put}); so {@code qsize()} may
     * be positive while {@link #empty()}, which says whether an item can be got now, is true.
     */
    int qsize();

    /** Whether the queue looked empty at the time of the call (approximate, as {@link #qsize()}). */
    boolean empty();

    /** Whether a bounded queue looked full at the time of the call; always false when unbounded. */
    boolean full();

    /**
     * This process is done with the queue: the feeder thread flushes what it holds and ends,
     * and {@code put} and {@code get} in this process then raise {@link IllegalStateException}
     * (as CPython's raise on a closed queue). Other processes keep using the queue. For a
     * manager's queue proxy, {@code close} releases this proxy. Idempotent.
     */
    @Override
    void close();

    /** Waits for the feeder thread to flush and end; only after {@link #close()}. */
    void joinThread();

    /**
     * This process will not wait for its feeder thread at exit; items not yet flushed may be
     * lost. Use it when a getter may never drain the queue and exit must not block.
     */
    void cancelJoinThread();
}
