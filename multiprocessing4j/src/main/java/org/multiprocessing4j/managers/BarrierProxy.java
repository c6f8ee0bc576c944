package org.multiprocessing4j.managers;

import java.time.Duration;

/**
 * A barrier held by a manager: the operations of {@link org.multiprocessing4j.Barrier}.
 *
 * <p>Thread-safe and process-safe.
 */
public interface BarrierProxy {

    /**
     * Waits until {@link #parties()} callers are waiting; returns a number in
     * {@code [0, parties)} distinct for each of them.
     *
     * @throws org.multiprocessing4j.BrokenBarrierException if the barrier is or becomes broken
     */
    int await();

    /**
     * As {@link #await()}, at most {@code timeout}; a timeout breaks the barrier.
     *
     * @throws org.multiprocessing4j.BrokenBarrierException if the barrier is broken or the time ran out
     */
    int await(Duration timeout);

    /** Breaks the barrier: current and future waiters fail until {@link #reset()}. */
    void abort();

    /** Returns the barrier to its initial state; current waiters fail. */
    void reset();

    int parties();

    /** The number of callers waiting now. */
    int nWaiting();

    boolean isBroken();
}
