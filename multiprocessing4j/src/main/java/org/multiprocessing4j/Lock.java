package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.Locks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A non-recursive lock shared by processes (Python's {@code multiprocessing.Lock}), which is
 * also a {@link java.util.concurrent.locks.Lock}. Made by a {@link Context} ({@link Context#lock()},
 * {@link Multiprocessing#lock()}) or a manager ({@code SyncManager.lock()}); code written against
 * this interface takes either.
 *
 * <p>Semantics: once acquired, further acquires block, from any thread of any process, the
 * owner included (it does not re-enter). Any thread of any process may release it, as in
 * CPython; releasing a free lock throws {@link IllegalStateException}. Every blocking form
 * honours interrupts (see the package documentation); {@link #lock()} too, with an unchecked
 * {@link InterruptedWaitException}.
 *
 * <p>Owner death: where the implementation can tell that the process holding the lock died (the
 * shared-memory lock of {@code "spawn"}, {@code "warm"} and {@code "thread"} contexts), the next
 * waiter (or non-blocking attempt) frees it and gets an {@link OwnerDiedException}, without
 * holding it; the following acquire succeeds. A manager's lock, like CPython's, stays held.
 *
 * <p>Thread- and process-safe. Pass it to a child as a field of the target (a captured local of
 * the lambda) or of a {@link Process} subclass: the child uses the same lock.
 *
 * <p>Memory consistency effects: actions before a release in one process happen-before actions
 * after a later acquire in any process.
 */
public interface Lock extends java.util.concurrent.locks.Lock {

    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    void acquire();

    /**
     * With {@code block} false, one attempt that does not wait; with true, {@link #acquire()}.
     *
     * @return whether the lock was acquired
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    boolean acquire(boolean block);

    /**
     * Waits at most {@code timeout} for the lock (negative: zero; null: no limit).
     *
     * @return whether the lock was acquired
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    boolean acquire(Duration timeout);

    /**
     * Releases the lock; any thread of any process may.
     *
     * @throws IllegalStateException if it is not locked
     */
    void release();

    /** Whether some thread of some process holds it (a snapshot). */
    boolean isLocked();

    /** A new {@link Condition} over this lock. */
    @Override
    Condition newCondition();

    /** Same as {@link #acquire()}: interrupts are honoured (an {@link InterruptedWaitException}). */
    @Override
    default void lock() {
        acquire();
    }

    /** Same as {@link #acquire()}, with the checked {@link InterruptedException} of {@code java.util.concurrent}. */
    @Override
    default void lockInterruptibly() throws InterruptedException {
        Locks.interruptibly(() -> {
            acquire();
            return true;
        });
    }

    @Override
    default boolean tryLock() {
        return acquire(false);
    }

    @Override
    default boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return Locks.interruptibly(() -> acquire(Duration.ofNanos(Math.max(0, unit.toNanos(time)))));
    }

    /** Same as {@link #release()}. */
    @Override
    default void unlock() {
        release();
    }
}
