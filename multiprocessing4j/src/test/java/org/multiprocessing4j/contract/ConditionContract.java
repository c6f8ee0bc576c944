package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Condition}, on every implementation. */
public abstract class ConditionContract extends ContractBase {

    @Test
    void waitingAndSignallingNeedTheLock() {
        Condition c = backend.condition();
        assertThrows(IllegalMonitorStateException.class, () -> c.await(SHORT));
        assertThrows(IllegalMonitorStateException.class, c::signal);
        assertThrows(IllegalMonitorStateException.class, c::signalAll);
        c.acquire();
        try {
            assertThrows(IllegalArgumentException.class, () -> c.signal(-1));
            assertFalse(c.await(SHORT), "nobody signalled");
            assertFalse(c.waitFor(() -> false, SHORT));
            assertTrue(c.waitFor(() -> true, SHORT));
            c.signal(); // lost, as in CPython
        } finally {
            c.release();
        }
        assertTrue(c.getLock() != null);
    }

    @Test
    void aSignalFromAnotherProcessWakesTheWaiter() {
        Condition c = backend.condition();
        IntValue state = backend.intValue(0);
        Event waiting = backend.event();
        var waiter = onThread(() -> {
            c.acquire();
            try {
                waiting.set();
                return c.waitFor(() -> state.get() == 1, LIMIT);
            } finally {
                c.release();
            }
        });
        assertTrue(waiting.await(LIMIT));
        inChild(() -> {
            c.acquire();
            try {
                state.set(1);
                c.signalAll();
            } finally {
                c.release();
            }
        });
        assertTrue(await(waiter), "the waiter did not see the child's change");
    }

    /**
     * An interrupted wait throws holding the lock again, and the waiter's release frees it
     * (issue 17: a manager's waiter lost its connection, and with it the lock, for ever).
     */
    @Test
    void anInterruptedWaitHoldsTheLockAgainAndItsReleaseFreesIt() {
        Condition c = backend.condition();
        var waiter = running(() -> {
            c.acquire();
            try {
                return c.await(LIMIT) ? "signalled" : "timed out";
            } catch (InterruptedWaitException e) {
                return "interrupted";
            } finally {
                c.release(); // IllegalMonitorStateException if the wait had not taken the lock again
            }
        });
        Await.until("the waiter waits", LIMIT, () -> c.waiting() == 1);
        waiter.thread().interrupt();
        assertEquals("interrupted", await(waiter.result()));
        assertTrue(c.acquire(LIMIT), "the lock stayed held");
        c.release();
    }

    @Test
    void signalAllWakesEveryWaiter() {
        Condition c = backend.condition();
        IntValue inside = backend.intValue(0);
        IntValue go = backend.intValue(0);
        var a = onThread(() -> waitForGo(c, inside, go));
        var b = onThread(() -> waitForGo(c, inside, go));
        c.acquire();
        try {
            assertTrue(c.waitFor(() -> inside.get() == 2, LIMIT) || inside.get() == 2);
        } finally {
            c.release();
        }
        inChild(() -> {
            c.acquire();
            try {
                go.set(1);
                c.signalAll();
            } finally {
                c.release();
            }
        });
        assertTrue(await(a));
        assertTrue(await(b));
        assertEquals(2, inside.get());
    }

    private static boolean waitForGo(Condition c, IntValue inside, IntValue go) {
        c.acquire();
        try {
            inside.incrementAndGet();
            c.signalAll(); // tell the test thread, which may be waiting for both
            return c.waitFor(() -> go.get() == 1, LIMIT);
        } finally {
            c.release();
        }
    }
}
