package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.RLock;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RLock, Condition and Barrier of a Redis context (Lua on a real redis-server), between threads. */
class RedisSyncTest extends TwoContexts {

    @Override
    String session() {
        return "rsync";
    }

    @Test
    void anRLockIsReentrantForItsOwnerThreadOnly() throws Exception {
        RLock lock = a.rLock();
        lock.acquire();
        assertTrue(lock.acquire(false));
        assertEquals(2, lock.getHoldCount());
        assertFalse(OnThread.start(() -> lock.acquire(Duration.ofMillis(200))).get(30, TimeUnit.SECONDS), "another thread took a held RLock");
        assertTrue(OnThread.start(() -> {
            try {
                lock.release();
                return false;
            } catch (IllegalMonitorStateException expected) {
                return true;
            }
        }).get(30, TimeUnit.SECONDS), "a non-owner released");
        var waiter = OnThread.start(() -> lock.acquire(Duration.ofSeconds(30)));
        lock.release();
        lock.release();
        assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter got the lock once released");
        assertFalse(lock.isHeldByCurrentThread());
        assertThrows(IllegalMonitorStateException.class, lock::release);
    }

    @Test
    void aConditionWakesItsWaiterAndTimesOutOtherwise() throws Exception {
        Condition c = a.condition();
        assertThrows(IllegalMonitorStateException.class, c::signal);
        c.acquire();
        assertFalse(c.await(Duration.ofMillis(100)), "nobody signalled");
        c.release();
        var ready = new AtomicInteger();
        var waiter = OnThread.start(() -> {
            c.acquire();
            try {
                ready.set(1);
                c.signalAll(); // tell the test thread, which waits for this
                return c.waitFor(() -> ready.get() == 2, Duration.ofSeconds(30));
            } finally {
                c.release();
            }
        });
        c.acquire();
        try {
            assertTrue(c.waitFor(() -> ready.get() == 1, Duration.ofSeconds(30)));
            ready.set(2);
            c.signalAll();
        } finally {
            c.release();
        }
        assertTrue(waiter.get(30, TimeUnit.SECONDS));
        Condition overLock = a.condition(a.lock());
        overLock.acquire();
        assertFalse(overLock.await(Duration.ofMillis(50)));
        overLock.release();
    }

    @Test
    void aBarrierPassesRunsItsActionOnceAndBreaksOnTimeout() throws Exception {
        var actions = a.<Integer>queue();
        Barrier b = a.barrier(3, () -> actions.put(1), null);
        var one = OnThread.start(() -> b.await(Duration.ofSeconds(30)));
        var two = OnThread.start(() -> b.await(Duration.ofSeconds(30)));
        int mine = b.await(Duration.ofSeconds(30));
        assertEquals(Set.of(0, 1, 2), Set.of(mine, one.get(30, TimeUnit.SECONDS), two.get(30, TimeUnit.SECONDS)));
        assertEquals(1, actions.get(Duration.ofSeconds(5)));
        assertEquals(0, actions.qsize());
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(100)));
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(100)));
        b.reset();
        assertFalse(b.isBroken());
        b.abort();
        assertThrows(BrokenBarrierException.class, b::await);
    }
}
