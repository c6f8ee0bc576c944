package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Barrier} across processes, with CPython's semantics. */
class BarrierTest extends SharedTestBase {

    @Test
    void partiesGetDistinctIndicesAndTheActionRunsOncePerPass() {
        String b = box;
        var actions = Value.ofInt(0, false);
        var barrier = Multiprocessing.barrier(3, actions::incrementAndGet, null);
        var children = new ArrayList<Process>();
        for (int i = 0; i < 2; i++) {
            int id = i;
            children.add(start(() -> {
                for (int pass = 0; pass < 3; pass++) {
                    Mailbox.put(b, "p" + pass + "-c" + id, barrier.await());
                }
            }));
        }
        var mine = new ArrayList<Integer>();
        for (int pass = 0; pass < 3; pass++) {
            mine.add(barrier.await(LIMIT));
            assertTrue(actions.get() >= pass + 1, "the action ran before the release");
        }
        children.forEach(SharedTestBase::joinOk);
        assertEquals(3, actions.get());
        for (int pass = 0; pass < 3; pass++) {
            var indices = new TreeSet<Integer>();
            indices.add(mine.get(pass));
            indices.add(Integer.parseInt(Mailbox.get(box, "p" + pass + "-c0")));
            indices.add(Integer.parseInt(Mailbox.get(box, "p" + pass + "-c1")));
            assertEquals(java.util.Set.of(0, 1, 2), indices, "pass " + pass);
        }
        assertEquals(3, barrier.parties());
        assertEquals(0, barrier.nWaiting());
    }

    @Test
    void aTimeoutBreaksTheBarrierForEveryone() {
        String b = box;
        var barrier = Multiprocessing.barrier(3);
        var p = start(() -> {
            try {
                barrier.await(Duration.ofSeconds(60));
                Mailbox.put(b, "child", "passed");
            } catch (BrokenBarrierException e) {
                Mailbox.put(b, "child", "broken");
            }
        });
        Await.until("the child waits", LIMIT, () -> barrier.nWaiting() == 1);
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(50)));
        joinOk(p);
        assertEquals("broken", Mailbox.get(box, "child"));
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ZERO));
        barrier.reset();
        assertFalse(barrier.isBroken());
    }

    @Test
    void abortBreaksWaitersAndResetMakesItUsableAgain() {
        var barrier = Multiprocessing.barrier(2);
        var waiter = CompletableFuture.supplyAsync(() -> barrier.await(LIMIT));
        Await.until("one waits", LIMIT, () -> barrier.nWaiting() == 1);
        barrier.abort();
        var e = assertThrows(CompletionException.class, waiter::join);
        assertInstanceOf(BrokenBarrierException.class, e.getCause());
        assertThrows(BrokenBarrierException.class, barrier::await);
        barrier.reset();
        var again = CompletableFuture.supplyAsync(() -> barrier.await(LIMIT));
        int mine = barrier.await(LIMIT);
        assertEquals(java.util.Set.of(0, 1), java.util.Set.of(mine, again.join()));
    }

    @Test
    void resetBreaksTheCurrentWaiters() {
        var barrier = Multiprocessing.barrier(2);
        var waiter = CompletableFuture.supplyAsync(() -> barrier.await(LIMIT));
        Await.until("one waits", LIMIT, () -> barrier.nWaiting() == 1);
        barrier.reset();
        var e = assertThrows(CompletionException.class, waiter::join);
        assertInstanceOf(BrokenBarrierException.class, e.getCause());
        assertFalse(barrier.isBroken());
    }

    @Test
    void aFailingActionBreaksTheBarrier() {
        var barrier = Multiprocessing.barrier(1, () -> {
            throw new IllegalStateException("action failed");
        }, null);
        assertThrows(IllegalStateException.class, barrier::await);
        assertTrue(barrier.isBroken());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.barrier(0));
    }
}
