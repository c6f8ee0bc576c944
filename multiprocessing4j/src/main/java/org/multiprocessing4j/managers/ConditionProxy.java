package org.multiprocessing4j.managers;

import java.time.Duration;

/**
 * A condition variable held by a manager, over a reentrant lock of the manager (its own, or
 * the {@code rLock()} it was created with): the operations of
 * {@link org.multiprocessing4j.Condition}. Lock ownership belongs to the calling thread, as in
 * CPython (each client thread has its own connection, served by its own server thread).
 *
 * <p>Thread-safe and process-safe.
 */
public interface ConditionProxy {

    /** Acquires the underlying lock, waiting as long as needed. */
    void acquire();

    /** Acquires the underlying lock, waiting at most {@code timeout}; returns whether it did. */
    boolean acquire(Duration timeout);

    /**
     * Releases the underlying lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void release();

    /** Releases the lock, waits for a signal, re-acquires the lock. */
    void await();

    /** As {@link #await()}, at most {@code timeout}; returns false if the time ran out. */
    boolean await(Duration timeout);

    /** Wakes one waiter; the caller must hold the lock. */
    void signal();

    /** Wakes up to {@code n} waiters; the caller must hold the lock. */
    void signal(int n);

    /** Wakes every waiter; the caller must hold the lock. */
    void signalAll();
}
