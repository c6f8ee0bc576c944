package org.multiprocessing4j;

import java.time.Duration;

/**
 * A barrier for a fixed number of parties across processes (Python's
 * {@code multiprocessing.Barrier}). Made by {@link Context#barrier(int)},
 * {@link Context#barrier(int, SerializableRunnable, Duration)}, their {@link Multiprocessing}
 * forms, or {@code SyncManager.barrier(int)}.
 *
 * <p>Semantics, as CPython's {@code threading.Barrier}: each {@link #await()} returns a distinct
 * index in {@code 0..parties-1} (exactly one party gets 0) once all parties have arrived; the
 * action, if any, runs once per pass, in the last party to arrive, before anyone is released.
 * The barrier then resets for the next pass. A timeout (the call's, or the barrier's default),
 * an {@link #abort()}, or an action that throws <em>breaks</em> it: every waiter and every later
 * {@code await} gets a {@link BrokenBarrierException} until {@link #reset()}. {@code reset()}
 * breaks the current waiters and makes the barrier usable again. An interrupted waiter breaks
 * the barrier too and throws {@link InterruptedWaitException}, unless its generation has
 * already passed: then it returns normally with the interrupt status set, and the next
 * generation is not broken (the rule of {@link java.util.concurrent.CyclicBarrier}); if its
 * generation was broken first, it throws {@link BrokenBarrierException}, the interrupt status
 * set. A timeout that races a completed pass likewise returns normally.
 *
 * <p>Thread- and process-safe; the action travels to children with the barrier (it must be
 * serialisable). Memory consistency effects: actions of every party before {@code await}
 * happen-before the action and the return of {@code await} in every party.
 */
public interface Barrier {

    /**
     * Waits with the barrier's default timeout (none unless one was given at creation).
     *
     * @return this party's index of arrival, 0 to parties-1
     * @throws BrokenBarrierException if the barrier is or gets broken, or the time runs out (which breaks it)
     * @throws InterruptedWaitException if the thread is interrupted while waiting (which breaks it)
     */
    int await();

    /**
     * Waits at most {@code timeout} (negative: zero; null: the barrier's default) for the other parties.
     *
     * @return this party's index of arrival, 0 to parties-1
     * @throws BrokenBarrierException if the barrier is or gets broken, or the time runs out (which breaks it)
     * @throws InterruptedWaitException if the thread is interrupted while waiting (which breaks it)
     */
    int await(Duration timeout);

    /** Breaks the barrier: current and later waiters get {@link BrokenBarrierException} until {@link #reset()}. */
    void abort();

    /** Returns the barrier to its empty state; current waiters get {@link BrokenBarrierException}. */
    void reset();

    /** The number of parties needed to pass. */
    int parties();

    /** How many parties wait now (a snapshot). */
    int nWaiting();

    /** Whether the barrier is broken. */
    boolean isBroken();
}
