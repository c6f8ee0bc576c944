package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.InterruptedWaitException;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The synchronisation primitives a {@code SyncManager}'s server holds, over
 * {@code java.util.concurrent}: each implements the public interface its proxy has
 * ({@link org.multiprocessing4j.Lock}, {@link org.multiprocessing4j.RLock}, ...), so a manager's
 * primitive is the same type as a local one.
 *
 * <p>Ownership: the server serves each client thread on a thread of its own (one connection per
 * client thread), so "the thread that holds an RLock" is the client's thread, as in CPython.
 * Default methods of the interfaces ({@code lock()}, {@code tryLock()}, {@code waitFor}, ...) run
 * in the proxy's process and call the abstract ones remotely.
 */
public final class SyncPrimitives {

    private SyncPrimitives() {}

    /** Nanoseconds of a non-null timeout, by the package rule (negative: zero). */
    static long nanos(Duration timeout) {
        try {
            return Math.max(0, timeout.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * {@code lock()}: not reentrant, and any thread may release it, as CPython's Lock: a
     * semaphore of one permit that refuses a release while free.
     */
    public static final class PlainLock implements org.multiprocessing4j.Lock {
        private final SemaphoreImpl permit = new SemaphoreImpl(1);

        @Override
        public void acquire() {
            permit.acquire();
        }

        @Override
        public boolean acquire(boolean block) {
            return permit.acquire(block);
        }

        @Override
        public boolean acquire(Duration timeout) {
            return permit.acquire(timeout);
        }

        @Override
        public void release() {
            synchronized (permit) {
                if (permit.getValue() > 0) {
                    throw new IllegalStateException("release of an unlocked lock");
                }
                permit.release();
            }
        }

        @Override
        public boolean isLocked() {
            return permit.getValue() == 0;
        }

        /**
         * Not supported: a condition of a manager is made by the manager.
         *
         * @throws UnsupportedOperationException always, saying what to use
         */
        @Override
        public org.multiprocessing4j.Condition newCondition() {
            throw new UnsupportedOperationException("a manager's lock makes no conditions: use the manager's condition()"
                    + " or condition(rLock) with an rLock() of the same manager");
        }

        @Override
        public String toString() {
            return "Lock(" + (isLocked() ? "locked" : "unlocked") + ")";
        }
    }

    /** {@code rLock()}: owned by the (client) thread that took it. */
    public static final class RLockImpl extends ReentrantLock implements org.multiprocessing4j.RLock {
        private static final long serialVersionUID = 1L;

        @Override
        public void acquire() {
            try {
                lockInterruptibly();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager RLock", e);
            }
        }

        @Override
        public boolean acquire(boolean block) {
            if (block) {
                acquire();
                return true;
            }
            return tryLock();
        }

        @Override
        public boolean acquire(Duration timeout) {
            if (timeout == null) {
                return acquire(true);
            }
            try {
                return tryLock(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager RLock", e);
            }
        }

        @Override
        public void release() {
            unlock();
        }

        /**
         * Not supported: a condition of a manager is made by the manager.
         *
         * @throws UnsupportedOperationException always, saying what to use
         */
        @Override
        public org.multiprocessing4j.Condition newCondition() {
            throw new UnsupportedOperationException("a manager's RLock makes no conditions: use the manager's condition(rLock)");
        }

        java.util.concurrent.locks.Condition condition() {
            return super.newCondition();
        }
    }

    public static class SemaphoreImpl implements org.multiprocessing4j.Semaphore {
        final java.util.concurrent.Semaphore permits;

        SemaphoreImpl(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("value must be >= 0: value=" + value);
            }
            this.permits = new java.util.concurrent.Semaphore(value);
        }

        @Override
        public void acquire() {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager semaphore or lock", e);
            }
        }

        @Override
        public boolean acquire(boolean block) {
            if (block) {
                acquire();
                return true;
            }
            return permits.tryAcquire();
        }

        @Override
        public boolean acquire(Duration timeout) {
            if (timeout == null) {
                return acquire(true);
            }
            try {
                return permits.tryAcquire(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager semaphore or lock", e);
            }
        }

        @Override
        public synchronized void release() {
            int v = permits.availablePermits();
            if (v == Integer.MAX_VALUE) {
                throw new IllegalStateException("semaphore value would overflow: value=" + v + " (Integer.MAX_VALUE)");
            }
            permits.release();
        }

        @Override
        public int getValue() {
            return permits.availablePermits();
        }

        @Override
        public String toString() {
            return "Semaphore(value=" + getValue() + ")";
        }
    }

    public static final class BoundedSemaphoreImpl extends SemaphoreImpl implements org.multiprocessing4j.BoundedSemaphore {
        private final int bound;

        BoundedSemaphoreImpl(int value) {
            super(value);
            this.bound = value;
        }

        @Override
        public synchronized void release() {
            int v = permits.availablePermits();
            if (v >= bound) {
                throw new IllegalStateException("semaphore released too many times: value=" + v + ", bound=" + bound);
            }
            permits.release();
        }

        @Override
        public int bound() {
            return bound;
        }

        @Override
        public String toString() {
            return "BoundedSemaphore(value=" + getValue() + ", bound=" + bound + ")";
        }
    }

    /**
     * A condition over an {@code rLock()} of the same manager: the one it was made with (whose
     * proxy {@link #getLock()} returns), so that a {@code condition()} without a lock is made by
     * the client as {@code condition(rLock())}.
     */
    public static final class ConditionImpl implements org.multiprocessing4j.Condition {
        private final org.multiprocessing4j.RLock lockProxy;
        private final RLockImpl lock;
        private final java.util.concurrent.locks.Condition condition;
        private final AtomicInteger waiting = new AtomicInteger();

        ConditionImpl(org.multiprocessing4j.RLock rLockProxy) {
            this.lockProxy = rLockProxy;
            this.lock = Server.unwrap(rLockProxy, RLockImpl.class, "condition(lock) needs an rLock() of the same manager");
            this.condition = lock.condition();
        }

        @Override
        public java.util.concurrent.locks.Lock getLock() {
            return lockProxy;
        }

        @Override
        public void acquire() {
            lock.acquire();
        }

        @Override
        public boolean acquire(Duration timeout) {
            return lock.acquire(timeout);
        }

        @Override
        public void release() {
            lock.unlock();
        }

        @Override
        public void await() throws InterruptedException {
            waiting.incrementAndGet();
            try {
                condition.await();
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public void awaitUninterruptibly() {
            waiting.incrementAndGet();
            try {
                condition.awaitUninterruptibly();
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            waiting.incrementAndGet();
            try {
                return condition.awaitNanos(nanosTimeout);
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            return awaitNanos(unit.toNanos(time)) > 0;
        }

        @Override
        public boolean awaitUntil(Date deadline) throws InterruptedException {
            return awaitNanos(TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())) > 0;
        }

        @Override
        public boolean await(Duration timeout) {
            try {
                if (timeout == null) {
                    await();
                    return true;
                }
                return awaitNanos(nanos(timeout)) > 0;
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager condition", e);
            }
        }

        @Override
        public void signal() {
            condition.signal();
        }

        @Override
        public void signal(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0: n=" + n);
            }
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("cannot signal a Condition without holding its lock");
            }
            for (int i = 0; i < n; i++) {
                condition.signal();
            }
        }

        @Override
        public void signalAll() {
            condition.signalAll();
        }

        @Override
        public int waiting() {
            return waiting.get();
        }

        @Override
        public String toString() {
            return "Condition(" + lock + ")";
        }
    }

    public static final class EventImpl implements org.multiprocessing4j.Event {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized void await() {
            try {
                while (!flag) {
                    wait();
                }
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager event", e);
            }
        }

        @Override
        public synchronized boolean await(Duration timeout) {
            if (timeout == null) {
                await();
                return true;
            }
            long deadline = System.nanoTime() + nanos(timeout);
            try {
                while (!flag) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                return true;
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager event", e);
            }
        }

        @Override
        public synchronized String toString() {
            return "Event(" + (flag ? "set" : "unset") + ")";
        }
    }

    public static final class BarrierImpl implements org.multiprocessing4j.Barrier {
        private final CyclicBarrier barrier;
        private volatile boolean broken;

        BarrierImpl(int parties) {
            if (parties < 1) {
                throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
            }
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public int await() {
            checkNotAborted();
            try {
                return barrier.getParties() - 1 - barrier.await();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting at a manager barrier", e);
            } catch (java.util.concurrent.BrokenBarrierException e) {
                throw new BrokenBarrierException("the barrier is broken");
            }
        }

        @Override
        public int await(Duration timeout) {
            if (timeout == null) {
                return await();
            }
            checkNotAborted();
            try {
                return barrier.getParties() - 1 - barrier.await(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting at a manager barrier", e);
            } catch (java.util.concurrent.BrokenBarrierException | TimeoutException e) {
                throw new BrokenBarrierException(e instanceof TimeoutException
                        ? "the barrier broke: timed out after " + timeout : "the barrier is broken");
            }
        }

        @Override
        public void abort() {
            // CyclicBarrier breaks when a waiter is interrupted; reset() breaks it for current waiters
            barrier.reset();
            broken = true;
        }

        private void checkNotAborted() {
            if (broken) {
                throw new BrokenBarrierException("the barrier is broken (aborted)");
            }
        }

        @Override
        public void reset() {
            broken = false;
            barrier.reset();
        }

        @Override
        public int parties() {
            return barrier.getParties();
        }

        @Override
        public int nWaiting() {
            return barrier.getNumberWaiting();
        }

        @Override
        public boolean isBroken() {
            return broken || barrier.isBroken();
        }

        @Override
        public String toString() {
            return "Barrier(parties=" + parties() + ", waiting=" + nWaiting() + (isBroken() ? ", broken)" : ")");
        }
    }
}
