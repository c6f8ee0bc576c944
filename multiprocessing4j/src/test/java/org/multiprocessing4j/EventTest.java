package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Event} across processes. */
class EventTest extends SharedTestBase {

    @Test
    void setWakesEveryWaitingProcess() {
        String b = box;
        var ready = Multiprocessing.semaphore(0);
        var go = Multiprocessing.event();
        var children = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            children.add(start(() -> {
                ready.release();
                go.await();
                Mailbox.put(b, "woke-" + id, go.isSet());
            }));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(ready.acquire(LIMIT));
        }
        go.set();
        children.forEach(SharedTestBase::joinOk);
        for (int i = 0; i < 3; i++) {
            assertEquals("true", Mailbox.get(box, "woke-" + i));
        }
    }

    @Test
    void aTimedWaitReturnsFalseWhenNotSet() {
        var e = Multiprocessing.event();
        assertFalse(e.isSet());
        long start = System.nanoTime();
        assertFalse(e.await(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start >= 100_000_000L);
        assertFalse(e.await(Duration.ofMillis(-1)));
        e.set();
        assertTrue(e.await(Duration.ZERO));
        e.await();
        e.clear();
        assertFalse(e.isSet());
    }

    @Test
    void aChildSetsItWithinTheParentsTimeout() {
        var e = Multiprocessing.event();
        var p = start(e::set);
        assertTrue(e.await(LIMIT));
        joinOk(p);
    }

    @Test
    void anInterruptEndsTheWait() {
        var e = Multiprocessing.event();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedWaitException.class, e::await);
        assertTrue(Thread.interrupted());
    }
}
