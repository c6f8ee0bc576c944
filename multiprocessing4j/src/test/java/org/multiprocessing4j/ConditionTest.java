package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Condition} over an RLock and over a Lock, across processes. */
class ConditionTest extends SharedTestBase {

    @Test
    void signalWakesTheRequestedNumberOfWaitingProcesses() {
        String b = box;
        var cond = Multiprocessing.condition();
        var woken = Value.ofInt(0, false);
        var children = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            children.add(start(() -> {
                cond.acquire();
                try {
                    cond.await(java.time.Duration.ofSeconds(60));
                    woken.incrementAndGet();
                } finally {
                    cond.release();
                }
            }));
        }
        awaitWaiters(cond, 3);
        cond.acquire();
        cond.signal(2);
        cond.release();
        org.multiprocessing4j.testing.Await.until("two woke", LIMIT, () -> woken.get() == 2);
        cond.acquire();
        cond.signalAll();
        cond.release();
        children.forEach(SharedTestBase::joinOk);
        assertEquals(3, woken.get());
        assertTrue(Mailbox.get(b, "none") == null);
    }

    /** Waits until {@code n} processes sleep on the condition (its sleeper count). */
    static void awaitWaiters(Condition cond, int n) {
        org.multiprocessing4j.testing.Await.until(n + " waiters", LIMIT, () -> cond.waiting() == n);
    }

    @Test
    void aSignalWithNobodyWaitingIsLost() {
        var cond = Multiprocessing.condition(Multiprocessing.lock());
        cond.acquire();
        cond.signal();
        assertFalse(cond.await(Duration.ofMillis(50)), "the earlier signal was lost");
        cond.release();
    }

    @Test
    void waitForEvaluatesThePredicateUnderTheLockUntilTrueOrTimeout() {
        var cond = Multiprocessing.condition();
        var stage = Value.ofInt(0, false);
        var p = start(() -> {
            cond.acquire();
            stage.set(1);
            cond.signalAll();
            cond.release();
        });
        cond.acquire();
        assertTrue(cond.waitFor(() -> stage.get() == 1, LIMIT));
        assertFalse(cond.waitFor(() -> stage.get() == 2, Duration.ofMillis(50)));
        cond.release();
        joinOk(p);
    }

    @Test
    void awaitRestoresTheRecursionDepthOfAnRLock() throws Exception {
        var lock = Multiprocessing.rLock();
        var cond = Multiprocessing.condition(lock);
        lock.acquire();
        lock.acquire();
        assertFalse(cond.await(10, TimeUnit.MILLISECONDS));
        assertEquals(2, lock.getHoldCount());
        lock.release();
        lock.release();
    }

    @Test
    void waitingOrSignallingWithoutTheLockIsRefused() {
        var cond = Multiprocessing.condition();
        assertThrows(IllegalMonitorStateException.class, cond::signal);
        assertThrows(IllegalMonitorStateException.class, () -> cond.await(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> {
            cond.acquire();
            try {
                cond.signal(-1);
            } finally {
                cond.release();
            }
        });
    }

    @Test
    void anInterruptedAwaitHoldsTheLockAgainWhenItThrows() {
        var lock = Multiprocessing.lock();
        var cond = lock.newCondition();
        lock.acquire();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, cond::await);
        assertFalse(Thread.interrupted());
        assertFalse(lock.acquire(false), "held again");
        lock.release();
    }
}
