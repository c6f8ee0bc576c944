package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A party killed with {@code kill -9} while it holds a {@link Barrier}'s internal mutex (the few
 * instructions of an update): the barrier's count can no longer be trusted, so the next party
 * finds the barrier broken instead of waiting for ever, and {@code reset()} makes it usable.
 * The child takes the mutex through reflection, as no public call holds it long enough to aim
 * a kill at.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class BarrierPartyDeathTest {

    static final Duration LIMIT = Delays.childLifetime();

    @Test
    void aPartyKilledInsideTheBarriersMutexBreaksTheBarrier() throws Exception {
        Barrier barrier = Multiprocessing.barrier(2);
        Event holding = Multiprocessing.event();
        Event never = Multiprocessing.event();
        var child = new Process(() -> {
            holdInternalMutex(barrier);
            holding.set();
            never.await();
        });
        child.start();
        try {
            assertTrue(holding.await(LIMIT), "the child took the barrier's mutex");
            child.kill();
            child.join();
            var e = assertThrows(BrokenBarrierException.class, () -> barrier.await(LIMIT));
            // Found broken on the way in, not after waiting out the limit for a dead party.
            assertEquals("the barrier is broken", e.getMessage());
            assertTrue(barrier.isBroken());

            barrier.reset();
            var other = CompletableFuture.supplyAsync(() -> barrier.await(LIMIT));
            int mine = barrier.await(LIMIT);
            assertEquals(1, mine + other.get(), "the two parties got indices 0 and 1");
        } finally {
            child.kill();
            child.join();
        }
    }

    static void holdInternalMutex(Barrier barrier) {
        try {
            var field = org.multiprocessing4j.internal.local.SharedBarrier.class.getDeclaredField("mutex");
            field.setAccessible(true);
            if (!((Mutex) field.get(barrier)).tryAcquire()) {
                throw new IllegalStateException("the barrier's mutex was held");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
