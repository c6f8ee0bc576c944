package org.multiprocessing4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;
import org.multiprocessing4j.SerializationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues on a real redis-server: FIFO, bounds, exact sub-second timeouts, joinable counting, sharing by name. */
class RedisQueueTest {

    static RedisServer server;
    static RedisContext ctx;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
        ctx = RedisContext.connect(Options.of(server, "queues"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ctx != null) {
            ctx.close();
        }
        if (server != null) {
            try {
                assertEquals(List.of(), server.keys(), "closing the last context of the session removes its keys");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void itemsComeOutInOrderAndNullIsAnItem() {
        Queue<Object> q = ctx.queue();
        q.put("a");
        q.put(null);
        q.put(List.of(1, 2));
        assertEquals(3, q.qsize());
        assertEquals("a", q.get());
        assertNull(q.get(Duration.ofSeconds(1)));
        assertEquals(List.of(1, 2), q.getNowait());
        assertTrue(q.empty());
        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void subSecondTimeoutsAreHonouredExactly() {
        Queue<String> q = ctx.queue();
        for (long ms : new long[] {300, 50}) {
            long t0 = System.nanoTime();
            assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(ms)));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // Redisson alone would wait 1000 ms for 300 (it rounds up) or for ever (BLMOVE ... 0).
            assertTrue(took >= ms && took < ms + 600, "get(" + ms + " ms) took " + took + " ms");
        }
    }

    @Test
    void aBlockedGetReceivesAnItemPutLater() throws Exception {
        Queue<Integer> q = ctx.queue();
        var got = CompletableFuture.supplyAsync(() -> q.get(Duration.ofSeconds(10)));
        q.put(42);
        assertEquals(42, got.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBoundedQueueRefusesWhenFullAndWaitsForRoom() throws Exception {
        Queue<Integer> q = ctx.queue(2);
        q.put(1);
        q.putNowait(2);
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(3));
        long t0 = System.nanoTime();
        assertThrows(QueueFullException.class, () -> q.put(3, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos());
        var putter = CompletableFuture.runAsync(() -> q.put(3, Duration.ofSeconds(10)));
        assertEquals(1, q.get());
        putter.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(2, 3), List.of(q.get(), q.get()));
    }

    @Test
    void joinWaitsUntilEveryItemIsDone() throws Exception {
        JoinableQueue<String> q = ctx.joinableQueue();
        q.put("x");
        q.put("y");
        var joined = CompletableFuture.runAsync(q::join);
        q.get();
        q.taskDone();
        assertFalse(joined.isDone());
        q.get();
        q.taskDone();
        joined.get(10, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, q::taskDone);
        q.join(); // nothing unfinished: returns at once
    }

    @Test
    void twoContextsShareAQueueByName() throws Exception {
        try (var other = RedisContext.connect(Options.of(server, "queues"))) {
            Queue<String> mine = ctx.queue("jobs");
            Queue<String> theirs = other.queue("jobs");
            mine.put("hello");
            assertEquals("hello", theirs.get(Duration.ofSeconds(5)));
        }
        // the session is still open here (ctx): the named queue's keys are kept until the last one leaves
    }

    @Test
    void aValueOfAClassOffTheAllowListIsRefusedAndAllowedClassesPass() throws Exception {
        Queue<Object> q = ctx.queue("points");
        var e = assertThrows(SerializationException.class, () -> q.put(new Point(1, 2)));
        assertTrue(e.getMessage().contains(Point.class.getName()) && e.getMessage().contains("allowClasses"), e.getMessage());
        assertTrue(q.empty(), "nothing was enqueued");
        try (var allowing = RedisContext.connect(Options.builder(server, "queues").allowClasses(Point.class.getName()).build())) {
            Queue<Object> same = allowing.queue("points");
            same.put(new Point(1, 2));
            assertEquals(new Point(1, 2), same.get(Duration.ofSeconds(5)));
        }
    }

    @Test
    void closedQueueRefusesUseInThisProcess() {
        Queue<String> q = ctx.queue();
        q.close();
        q.close();
        assertThrows(IllegalStateException.class, () -> q.put("x"));
        q.joinThread();
    }

    @Test
    void manyItemsFromSeveralThreadsAreEachDeliveredOnce() throws Exception {
        Queue<Integer> q = ctx.queue();
        int n = 200;
        var producers = new ArrayList<CompletableFuture<Void>>();
        for (int p = 0; p < 2; p++) {
            int base = p * n;
            producers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(base + i);
                }
            }));
        }
        var seen = new java.util.TreeSet<Integer>();
        for (int i = 0; i < 2 * n; i++) {
            assertTrue(seen.add(q.get(Duration.ofSeconds(10))));
        }
        for (var p : producers) {
            p.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2 * n, seen.size());
        assertTrue(q.empty());
    }

    record Point(int x, int y) {}
}
