package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Lock;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Lock}, on every implementation. */
public abstract class LockContract extends ContractBase {

    @Test
    void notReentrantAndAnyThreadMayRelease() {
        Lock lock = backend.lock();
        assertFalse(lock.isLocked());
        assertTrue(lock.acquire(false));
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(false), "the owner re-acquired a non-reentrant lock");
        assertFalse(lock.acquire(SHORT));
        await(onThread(() -> {
            lock.release();
            return null;
        }));
        assertFalse(lock.isLocked());
        assertThrows(IllegalStateException.class, lock::release, "release of a free lock");
    }

    @Test
    void nullTimeoutWaitsWithoutLimit() {
        Lock lock = backend.lock();
        lock.acquire();
        var waiter = onThread(() -> lock.acquire((java.time.Duration) null));
        lock.release();
        assertTrue(await(waiter), "acquire(null) is acquire() without a limit");
        assertTrue(lock.isLocked());
        lock.release();
    }

    @Test
    void javaUtilConcurrentForms() throws Exception {
        Lock lock = backend.lock();
        java.util.concurrent.locks.Lock juc = lock;
        assertTrue(juc.tryLock());
        assertFalse(juc.tryLock(10, TimeUnit.MILLISECONDS));
        juc.unlock();
        juc.lock();
        juc.unlock();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, juc::lockInterruptibly, "an interrupt pending on entry");
        assertFalse(Thread.interrupted(), "lockInterruptibly clears the interrupt status it reports");
        assertFalse(lock.isLocked());
    }

    @Test
    void anInterruptedWaiterThrowsAndKeepsItsInterrupt() {
        Lock lock = backend.lock();
        lock.acquire();
        try {
            Thread.currentThread().interrupt();
            var e = assertThrows(InterruptedWaitException.class, lock::acquire);
            assertTrue(Thread.interrupted(), "the interrupt status is set again: " + e);
        } finally {
            Thread.interrupted();
            lock.release();
        }
    }

    /** An interrupted acquire leaves the lock free once released (issue 17: a manager's stayed held for ever). */
    @Test
    void anInterruptedAcquireLeavesNoLockBehind() {
        Lock lock = backend.lock();
        for (int round = 0; round < 20; round++) {
            lock.acquire();
            var waiter = running(() -> lock.acquire(LIMIT));
            waiter.thread().interrupt();
            lock.release();
            if (completedDespiteInterrupt(waiter)) {
                assertTrue(lock.isLocked(), "round " + round);
                lock.release(); // any thread may release a Lock
            }
            assertTrue(await(onThread(() -> lock.acquire(false))), "round " + round + ": the lock stayed held");
            lock.release();
        }
    }

    @Test
    void anotherProcessSeesItHeldAndMayReleaseIt() {
        Lock lock = backend.lock();
        lock.acquire();
        inChild(() -> {
            check(lock.isLocked(), "the child does not see the lock held");
            check(!lock.acquire(false), "the child acquired a held lock");
            lock.release();
        });
        assertTrue(lock.acquire(LIMIT), "the child's release did not free the lock");
        lock.release();
    }
}
