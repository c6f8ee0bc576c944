package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Semaphore} across processes. */
class SemaphoreTest extends SharedTestBase {

    @Test
    void itCountsPermits() {
        var s = Multiprocessing.semaphore(2);
        assertEquals(2, s.getValue());
        assertTrue(s.acquire(false));
        assertTrue(s.acquire(Duration.ZERO));
        assertFalse(s.acquire(false));
        assertFalse(s.acquire(Duration.ofMillis(30)));
        s.release();
        s.release();
        s.release(); // a plain semaphore has no bound
        assertEquals(3, s.getValue());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.semaphore(-1));
    }

    @Test
    void atMostTwoOfFiveProcessesAreInsideAtOnce() {
        var slots = Multiprocessing.semaphore(2);
        var inside = Value.ofInt(0, false);
        var most = Value.ofInt(0, false);
        var children = new ArrayList<Process>();
        for (int i = 0; i < 5; i++) {
            children.add(start(() -> {
                for (int n = 0; n < 200; n++) {
                    slots.acquire();
                    int now = inside.incrementAndGet();
                    for (int m = most.get(); now > m && !most.compareAndSet(m, now); m = most.get()) {
                        // retry
                    }
                    Thread.onSpinWait();
                    inside.addAndGet(-1);
                    slots.release();
                }
            }));
        }
        children.forEach(SharedTestBase::joinOk);
        assertTrue(most.get() <= 2, "at most 2 inside, saw " + most.get());
        assertTrue(most.get() >= 1);
        assertEquals(2, slots.getValue());
    }

    @Test
    void aReleaseInAChildWakesAWaitingParent() {
        var s = Multiprocessing.semaphore(0);
        var waiter = CompletableFuture.supplyAsync(() -> s.acquire(LIMIT));
        var p = start(s::release);
        assertTrue(waiter.join());
        joinOk(p);
        assertEquals(0, s.getValue());
    }

    @Test
    void anInterruptEndsTheWait() {
        var s = Multiprocessing.semaphore(0);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedWaitException.class, s::acquire);
        assertTrue(Thread.interrupted(), "the flag is restored");
        assertTrue(Mailbox.get(box, "nothing") == null);
    }
}
