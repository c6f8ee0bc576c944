package org.multiprocessing4j;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes (Python's {@code multiprocessing.Condition}), over a
 * {@link Lock} or an {@link RLock} (an RLock of its own by default); also a
 * {@link java.util.concurrent.locks.Condition}. Made by {@link Context#condition()},
 * {@link Context#condition(Lock)}, {@link Lock#newCondition()} or {@code SyncManager.condition()}.
 *
 * <p>Semantics: a thread that holds the lock calls {@code await}, which releases the lock
 * (every level of an RLock), sleeps until signalled or timed out, and re-acquires the lock (to
 * the same depth) before it returns, also when it throws. Where the lock reports owner death
 * (see {@link Lock}) and the process holding the lock dies while a waiter is re-acquiring it,
 * the waiter takes it over and {@code await} (or {@code waitFor}) throws
 * {@link OwnerDiedException} with the lock held, so the usual
 * {@code acquire(); try { await } finally { release(); }} stays correct.
 * {@link #signal(int) signal(n)} wakes up to {@code n} of the threads waiting <em>at the time of
 * the call</em>; a signal with nobody waiting is lost, as in CPython. Which waiters wake is
 * unspecified. Waiting, signalling and {@link #waitFor} require holding the lock
 * ({@link IllegalMonitorStateException} otherwise).
 *
 * <p>Thread- and process-safe; the condition and its lock travel to children together.
 * Memory consistency effects: those of its lock.
 */
public interface Condition extends java.util.concurrent.locks.Condition {

    /** The lock of this condition: a {@link Lock} or an {@link RLock}. */
    java.util.concurrent.locks.Lock getLock();

    /**
     * Acquires the underlying lock (blocking).
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    void acquire();

    /**
     * Acquires the underlying lock within {@code timeout} (negative: zero; null: no limit).
     *
     * @return whether it was acquired
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    boolean acquire(Duration timeout);

    /** Releases the underlying lock (with that lock's rules on who may). */
    void release();

    /**
     * Waits at most {@code timeout} (negative: zero; null: no limit) for a signal, Python style.
     *
     * @return false if the time ran out
     * @throws InterruptedWaitException if interrupted (the lock is held again when thrown)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    boolean await(Duration timeout);

    /**
     * Waits until {@code predicate} is true or {@code timeout} ends (null: no limit), evaluating
     * it with the lock held (Python's {@code wait_for}). The predicate runs in the calling process.
     *
     * @return the last value of the predicate
     * @throws InterruptedWaitException if interrupted (the lock is held again when thrown)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    default boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        java.util.Objects.requireNonNull(predicate, "predicate");
        long start = System.nanoTime();
        boolean result = predicate.getAsBoolean();
        while (!result) {
            Duration left = null;
            if (timeout != null) {
                left = timeout.minusNanos(System.nanoTime() - start);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
            }
            await(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Wakes up to {@code n} of the current waiters (Python's {@code notify(n)}).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    void signal(int n);

    /**
     * Wakes one waiter, if any.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    @Override
    void signal();

    /**
     * Wakes every waiter (Python's {@code notify_all()}).
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    @Override
    void signalAll();

    /** How many threads wait and have not been signalled yet (a snapshot, for diagnostics). */
    int waiting();
}
