package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.Mutex;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link SharedLock} and {@link SharedRLock} share: the acquire forms, the
 * {@link java.util.concurrent.locks.Lock} methods and the mapping of the core's outcomes to
 * public exceptions.
 */
public abstract sealed class MutexLock extends SharedObject implements java.util.concurrent.locks.Lock permits SharedLock, SharedRLock {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient Mutex mutex;

    MutexLock(Segment segment, Mutex mutex) {
        super(segment);
        this.mutex = mutex;
    }

    /** "a Lock", "an RLock": for messages. */
    abstract String kindName();

    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    public void acquire() {
        Locks.acquire(mutex, kindName(), Blocking.FOREVER);
    }

    /**
     * With {@code block} false, one attempt that does not wait; with true, {@link #acquire()}.
     *
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    public boolean acquire(boolean block) {
        if (block) {
            acquire();
            return true;
        }
        return Locks.tryAcquire(mutex, kindName());
    }

    /**
     * Waits at most {@code timeout} (negative = zero); whether the lock was acquired.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     * @throws OwnerDiedException if the previous owner died holding it (the caller does not hold it)
     */
    public boolean acquire(Duration timeout) {
        return Locks.acquire(mutex, kindName(), Locks.nanos(timeout));
    }

    /** Releases the lock (see the class for who may). */
    public void release() {
        mutex.release();
    }

    /** Same as {@link #acquire()}: interrupts are honoured (an {@link InterruptedWaitException}). */
    @Override
    public void lock() {
        acquire();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        Locks.acquireInterruptibly(mutex, kindName(), Blocking.FOREVER);
    }

    @Override
    public boolean tryLock() {
        return acquire(false);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return Locks.acquireInterruptibly(mutex, kindName(), Math.max(0, unit.toNanos(time)));
    }

    @Override
    public void unlock() {
        release();
    }

    /** A new {@link SharedCondition} over this lock. */
    @Override
    public SharedCondition newCondition() {
        return SharedCondition.create(this);
    }

    Mutex mutex() {
        return mutex;
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return getClass().getSimpleName().substring("Shared".length()) + "[" + (owner == 0 ? "unlocked" : "locked by process " + owner) + "]";
    }
}
