package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.RLock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with -9 while it holds the sending end of a Redis pipe and an RLock: its
 * JVM's lease expires, so the reader gets what was sent and then the end of stream, and one
 * waiter gets {@link OwnerDiedException}, after which the lock is free. One child and one lease
 * expiry serve both (lease 3 s).
 */
class HolderDeathTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void aKilledHolderReleasesItsPipeEndAndItsRLock() throws Exception {
        try (var server = RedisServer.start()) {
            try (var ctx = RedisContext.connect(Options.of(server, "holders"))) {
                var pipe = ctx.pipe(false);
                Connection reader = pipe.left();
                Connection writer = pipe.right();
                RLock lock = ctx.rLock();
                var child = Multiprocessing.getContext("spawn").process(() -> {
                    lock.acquire();
                    for (int i = 0; i < 3; i++) {
                        writer.send(i);
                    }
                    try {
                        Thread.sleep(120_000); // killed before
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                child.start();
                try {
                    assertEquals(0, reader.<Integer>recv(), "the child holds its copy of the end and the lock");
                    writer.close(); // this process's copy: the child's is the last one
                    assertFalse(lock.acquire(false), "the child holds the lock");
                    child.kill();
                    assertTrue(child.join(LIMIT));
                    long t0 = System.nanoTime();
                    var waiter = CompletableFuture.supplyAsync(
                            () -> assertThrows(OwnerDiedException.class, () -> lock.acquire(LIMIT)));
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
                    // lease 3 s, checked after each empty 1 s slice (+ slack for load)
                    assertTrue(eofMs < 7_000 && diedMs < 7_000, "end of stream after " + eofMs + " ms, owner death after " + diedMs);
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
