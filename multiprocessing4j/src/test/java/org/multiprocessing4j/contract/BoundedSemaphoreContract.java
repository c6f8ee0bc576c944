package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.BoundedSemaphore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link BoundedSemaphore}, on every implementation. */
public abstract class BoundedSemaphoreContract extends ContractBase {

    @Test
    void neverExceedsItsInitialValue() {
        BoundedSemaphore s = backend.boundedSemaphore(2);
        assertEquals(2, s.bound());
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(2, s.getValue(), "a refused release changes nothing");
        s.acquire();
        s.release();
        assertEquals(2, s.getValue());
    }

    @Test
    void theBoundHoldsInAnotherProcess() {
        BoundedSemaphore s = backend.boundedSemaphore(1);
        assertTrue(s.acquire(false));
        inChild(() -> {
            s.release();
            try {
                s.release();
                check(false, "a second release passed the bound");
            } catch (IllegalStateException expected) {
                check(s.getValue() == 1, "value after a refused release: " + s.getValue());
            }
        });
        assertEquals(1, s.getValue());
    }
}
