package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BoundedSemaphore}: a release above the initial value raises, in any process. */
class BoundedSemaphoreTest extends SharedTestBase {

    @Test
    void releasingAboveTheInitialValueRaisesAndChangesNothing() {
        var s = Multiprocessing.boundedSemaphore(1);
        assertEquals(1, s.bound());
        var e = assertThrows(IllegalStateException.class, s::release);
        assertTrue(e.getMessage().contains("value=1, bound=1"), e.getMessage());
        assertEquals(1, s.getValue());
        s.acquire();
        s.release();
        assertEquals(1, s.getValue());
    }

    @Test
    void theBoundHoldsInAChild() {
        String b = box;
        var s = Multiprocessing.boundedSemaphore(2);
        s.acquire();
        var p = start(() -> {
            s.release();
            try {
                s.release();
            } catch (IllegalStateException e) {
                org.multiprocessing4j.testing.Mailbox.put(b, "refused", s.getValue());
            }
        });
        joinOk(p);
        assertEquals("2", org.multiprocessing4j.testing.Mailbox.get(box, "refused"));
    }
}
