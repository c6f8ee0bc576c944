package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Semaphore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Semaphore}, on every implementation. */
public abstract class SemaphoreContract extends ContractBase {

    /** An interrupted acquire either took the permit released after it or left it (issue 17: it ate it). */
    @Test
    void anInterruptedAcquireLeavesTheNextReleaseToOthers() {
        Semaphore s = backend.semaphore(0);
        for (int round = 0; round < 20; round++) {
            var waiter = running(() -> s.acquire(LIMIT));
            waiter.thread().interrupt();
            s.release();
            boolean took = completedDespiteInterrupt(waiter);
            assertEquals(took ? 0 : 1, s.getValue(), "round " + round + ": the permit went astray (acquired: " + took + ")");
            if (!took) {
                assertTrue(s.acquire(false));
            }
        }
    }

    @Test
    void countsPermits() {
        Semaphore s = backend.semaphore(2);
        assertEquals(2, s.getValue());
        s.acquire();
        assertTrue(s.acquire(false));
        assertFalse(s.acquire(false));
        assertFalse(s.acquire(SHORT));
        assertEquals(0, s.getValue());
        s.release();
        s.release();
        s.release(); // a plain semaphore has no bound
        assertEquals(3, s.getValue());
    }

    @Test
    void aNegativeInitialValueIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> backend.semaphore(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void releaseBeyondIntegerMaxValueIsRefused() {
        Semaphore s = backend.semaphore(Integer.MAX_VALUE);
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(Integer.MAX_VALUE, s.getValue(), "a refused release changes nothing");
    }

    @Test
    void aWaiterWakesWhenAnotherProcessReleases() {
        Semaphore s = backend.semaphore(0);
        var waiter = onThread(() -> s.acquire((java.time.Duration) null));
        inChild(s::release);
        assertTrue(await(waiter));
        assertEquals(0, s.getValue());
    }
}
