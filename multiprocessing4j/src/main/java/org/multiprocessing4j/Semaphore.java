package org.multiprocessing4j;

import java.time.Duration;

/**
 * A counting semaphore shared by processes (Python's {@code multiprocessing.Semaphore}). Made by
 * a {@link Context} ({@link Context#semaphore(int)}, {@link Multiprocessing#semaphore(int)}) or
 * a manager ({@code SyncManager.semaphore(int)}).
 *
 * <p>Semantics: {@link #acquire()} takes one permit, waiting while there is none;
 * {@link #release()} returns one and may be called by any thread of any process, also one that
 * never acquired (a plain semaphore has no upper bound but {@code Integer.MAX_VALUE}; see
 * {@link BoundedSemaphore}). A process that dies holding permits does not give them back, as in
 * CPython.
 *
 * <p>Thread- and process-safe; pass it to a child as a field of the target or of a
 * {@link Process} subclass. Memory consistency effects: actions before a release happen-before
 * actions after an acquire that obtained that permit, in any process.
 */
public interface Semaphore {

    /**
     * Takes a permit, waiting for one.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    void acquire();

    /**
     * With {@code block} false, takes a permit only if one is free now; with true, {@link #acquire()}.
     *
     * @return whether a permit was taken
     * @throws InterruptedWaitException if {@code block} and the thread is interrupted while waiting
     */
    boolean acquire(boolean block);

    /**
     * Waits at most {@code timeout} (negative: zero; null: no limit) for a permit.
     *
     * @return whether a permit was taken
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    boolean acquire(Duration timeout);

    /**
     * Returns a permit, waking one waiter.
     *
     * @throws IllegalStateException if the value is already {@code Integer.MAX_VALUE} (nothing
     *         changes), or, for a {@link BoundedSemaphore}, its bound
     */
    void release();

    /** The number of free permits now (Python's {@code get_value()}; a snapshot). */
    int getValue();
}
