package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RLock}: reentrancy, ownership by process + thread, owner death. */
class RLockTest extends SharedTestBase {

    @Test
    void theOwnerReentersAndMustReleaseAsOftenAsItAcquired() {
        var lock = Multiprocessing.rLock();
        lock.acquire();
        assertTrue(lock.acquire(false));
        assertTrue(lock.acquire(Duration.ZERO));
        assertEquals(3, lock.getHoldCount());
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        lock.release();
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals(0, lock.getHoldCount());
        assertThrows(IllegalMonitorStateException.class, lock::release);
    }

    @Test
    void anotherThreadOfTheSameProcessIsNotTheOwner() {
        var lock = Multiprocessing.rLock();
        lock.acquire();
        assertFalse(CompletableFuture.supplyAsync(() -> lock.acquire(false)).join());
        var err = CompletableFuture.supplyAsync(() -> {
            try {
                lock.release();
                return "released";
            } catch (IllegalMonitorStateException e) {
                return "refused";
            }
        }).join();
        assertEquals("refused", err);
        lock.release();
    }

    @Test
    void anotherProcessCanNeitherTakeNorReleaseIt() {
        String b = box;
        var lock = Multiprocessing.rLock();
        lock.acquire();
        var p = start(() -> {
            Mailbox.put(b, "acquired", lock.acquire(Duration.ofMillis(50)));
            try {
                lock.release();
                Mailbox.put(b, "release", "allowed");
            } catch (IllegalMonitorStateException e) {
                Mailbox.put(b, "release", "refused");
            }
        });
        joinOk(p);
        assertEquals("false", Mailbox.get(box, "acquired"));
        assertEquals("refused", Mailbox.get(box, "release"));
        assertEquals(1, lock.getHoldCount());
        lock.release();
    }

    @Test
    void aChildWaitsForTheParentAndThenOwnsIt() {
        String b = box;
        var lock = Multiprocessing.rLock();
        lock.acquire();
        var p = start(() -> {
            lock.acquire();
            lock.acquire();
            Mailbox.put(b, "depth", lock.getHoldCount());
            lock.release();
            lock.release();
        });
        Mailbox.put(box, "parent-releases", "");
        lock.release();
        joinOk(p);
        assertEquals("2", Mailbox.get(box, "depth"));
        assertTrue(lock.acquire(false));
        lock.release();
    }

    @Test
    void ownerDeathFreesItAndIsReportedOnce() {
        String b = box;
        var lock = Multiprocessing.rLock();
        var holder = start(() -> {
            lock.acquire();
            lock.acquire();
            Mailbox.put(b, "holding", "");
            Mailbox.await(b, "never", Delays.seconds(120));
        });
        Mailbox.await(box, "holding", LIMIT);
        holder.kill();
        holder.join();
        var e = assertThrows(OwnerDiedException.class, () -> lock.acquire(Duration.ofSeconds(30)));
        assertEquals(holder.pid(), e.deadPid());
        assertTrue(lock.acquire(false), "free after the takeover");
        assertEquals(1, lock.getHoldCount(), "the dead owner's depth is forgotten");
        lock.release();
    }
}
