package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.Locks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A reentrant lock shared by processes (Python's {@code multiprocessing.RLock}), which is also a
 * {@link java.util.concurrent.locks.Lock}. Made by a {@link Context} ({@link Context#rLock()},
 * {@link Multiprocessing#rLock()}) or a manager ({@code SyncManager.rLock()}).
 *
 * <p>Semantics: the owner is a thread of a process; the owner may acquire again, and must
 * release as many times as it acquired. Only the owner may release: anyone else gets an
 * {@link IllegalMonitorStateException}. It is not a {@link Lock} (a {@code Lock} may be released
 * by anyone), as in CPython, where the two are distinct types.
 *
 * <p>Owner death, interrupts, process safety and memory effects are those of {@link Lock}; a
 * lock freed from a dead owner forgets the dead owner's depth.
 */
public interface RLock extends java.util.concurrent.locks.Lock {

    /**
     * Blocks until the lock is acquired (at once if the calling thread owns it).
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
     * Releases one level.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void release();

    /** Whether the calling thread holds it. */
    boolean isHeldByCurrentThread();

    /** How many times the calling thread holds it (0 if not the owner). */
    int getHoldCount();

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
