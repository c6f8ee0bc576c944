package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.RLock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with -9 while it holds the sending end of a Redis pipe and two RLocks: its
 * JVM's lease expires, so the reader gets what was sent and then the end of stream, a waiter
 * for the first lock gets {@link OwnerDiedException} without the lock, after which the lock is
 * free, and a condition's waiter re-taking the second lock takes it over and gets it with the
 * lock held. One child and one lease expiry serve all three (lease 3 s).
 */
class HolderDeathTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void aKilledHolderReleasesItsPipeEndAndItsRLocks() throws Exception {
        try (var server = RedisServer.start()) {
            try (var ctx = RedisContext.connect(Options.of(server, "holders"))) {
                var pipe = ctx.pipe(false);
                Connection reader = pipe.left();
                Connection writer = pipe.right();
                RLock lock = ctx.rLock();
                RLock guarded = ctx.rLock();
                Condition cond = ctx.condition(guarded);
                var allSent = ctx.event();
                var waiting = new CountDownLatch(1);
                var conditionWaiter = OnThread.start(() -> {
                    guarded.acquire();
                    waiting.countDown(); // the child's acquire of `guarded` waits for this thread's await
                    var e = assertThrows(OwnerDiedException.class, () -> cond.await(LIMIT));
                    boolean held = guarded.isHeldByCurrentThread();
                    guarded.release();
                    return held ? e : null;
                });
                assertTrue(waiting.await(LIMIT.toSeconds(), TimeUnit.SECONDS));
                var child = Multiprocessing.getContext("spawn").process(() -> {
                    lock.acquire();
                    guarded.acquire();
                    cond.signal(); // the waiter wakes, and then waits to take `guarded` back
                    for (int i = 0; i < 3; i++) {
                        writer.send(i);
                    }
                    allSent.set(); // the kill must not race the sends
                    try {
                        Thread.sleep(120_000); // killed before
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                child.start();
                try {
                    assertEquals(0, reader.<Integer>recv(), "the child holds its copy of the end and both locks");
                    writer.close(); // this process's copy: the child's is the last one
                    assertFalse(lock.acquire(false), "the child holds the lock");
                    assertTrue(allSent.await(LIMIT), "the child sent its three messages");
                    child.kill();
                    assertTrue(child.join(LIMIT));
                    long t0 = System.nanoTime();
                    var waiter = OnThread.start(() -> assertThrows(OwnerDiedException.class, () -> lock.acquire(LIMIT)));
                    assertEquals(1, reader.<Integer>recv(), "what was sent comes first");
                    assertEquals(2, reader.<Integer>recv());
                    assertThrows(EndOfStreamException.class, reader::recv);
                    long eofMs = (System.nanoTime() - t0) / 1_000_000;
                    assertThrows(EndOfStreamException.class, reader::recv, "and stays there");
                    var died = waiter.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    long diedMs = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals(child.pid(), died.deadPid(), died.getMessage());
                    assertFalse(died.lockHeld());
                    assertTrue(died.getMessage().contains("RLock"), died.getMessage());
                    assertTrue(lock.acquire(Duration.ofSeconds(5)), "the lock is free after the one OwnerDiedException");
                    lock.release();
                    var tookOver = conditionWaiter.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    assertNotNull(tookOver, "the condition's waiter held the lock when await threw");
                    assertTrue(tookOver.lockHeld(), tookOver.getMessage());
                    assertEquals(child.pid(), tookOver.deadPid());
                    assertFalse(guarded.isHeldByCurrentThread());
                    assertTrue(guarded.acquire(Duration.ofSeconds(5)), "released by the waiter");
                    guarded.release();
                    // lease 3 s, checked after each empty 1 s slice (+ slack for load)
                    assertTrue(eofMs < 8_000 && diedMs < 8_000, "end of stream after " + eofMs + " ms, owner death after " + diedMs);
                } finally {
                    child.kill();
                    child.join(LIMIT);
                    child.close();
                    reader.close();
                }
            }
            assertEquals(List.of(), server.keys(), "every key of the session is gone");
        }
    }
}
