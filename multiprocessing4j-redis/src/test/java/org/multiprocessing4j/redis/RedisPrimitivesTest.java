package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Semaphore;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lock, Semaphore, BoundedSemaphore and Event on a real redis-server, with exact sub-second timeouts. */
class RedisPrimitivesTest extends TwoContexts {

    @Override
    String session() {
        return "sync";
    }

    @Test
    void aLockIsReleasedByAnyProcessAndRefusesADoubleRelease() {
        Lock mine = a.lock("l");
        Lock theirs = b.lock("l");
        assertTrue(mine.acquire(false));
        assertTrue(theirs.isLocked());
        long t0 = System.nanoTime();
        assertFalse(theirs.acquire(Duration.ofMillis(300)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 900, "acquire(300 ms) took " + ms + " ms");
        theirs.release(); // another "process" releases: CPython's Lock allows it
        assertFalse(mine.isLocked());
        var e = assertThrows(IllegalStateException.class, mine::release);
        assertTrue(e.getMessage().contains("unlocked"), e.getMessage());
    }

    @Test
    void aWaiterGetsThePermitReleasedLater() throws Exception {
        Semaphore s = a.semaphore("s", 0);
        Semaphore same = b.semaphore("s", 5); // already made: keeps its state
        assertEquals(0, same.getValue());
        var waiter = CompletableFuture.supplyAsync(() -> same.acquire(Duration.ofSeconds(10)));
        s.release();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(0, s.getValue());
    }

    @Test
    void aBoundedSemaphoreRefusesOverRelease() {
        var s = a.boundedSemaphore(2);
        s.acquire();
        s.release();
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(2, s.getValue());
    }

    @Test
    void anEventWakesEveryWaiterAndTimesOutExactly() throws Exception {
        Event e = a.event("go");
        Event same = b.event("go");
        long t0 = System.nanoTime();
        assertFalse(same.await(Duration.ofMillis(200)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 200);
        var w1 = CompletableFuture.supplyAsync(() -> same.await(Duration.ofSeconds(10)));
        var w2 = CompletableFuture.supplyAsync(() -> e.await(Duration.ofSeconds(10)));
        e.set();
        assertTrue(w1.get(10, TimeUnit.SECONDS));
        assertTrue(w2.get(10, TimeUnit.SECONDS));
        assertTrue(same.isSet());
        same.clear();
        assertFalse(e.isSet());
    }
}
