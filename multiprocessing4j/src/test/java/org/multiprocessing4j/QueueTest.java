package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Queue} (bounded and unbounded) across processes, and its feeder thread. */
class QueueTest extends SharedTestBase {

    @Test
    void itemsComeOutInOrderAndNullIsAnItem() {
        Queue<Object> q = Multiprocessing.queue();
        q.put(1);
        q.put(null);
        q.put("three");
        q.put(List.of(4, 5));
        assertEquals(1, q.get());
        assertNull(q.get());
        assertEquals("three", q.get(LIMIT));
        // Not getNowait: as in CPython, an item may still be with this process's feeder thread.
        assertEquals(List.of(4, 5), q.get(LIMIT));
        assertTrue(q.empty());
        assertEquals(0, q.qsize());
        assertFalse(q.full(), "an unbounded queue is never full");
    }

    @Test
    void aByteArrayItemIsCopiedAtPutSoTheCallerMayReuseIt() {
        for (Queue<Object> q : List.<Queue<Object>>of(Multiprocessing.queue(), Multiprocessing.queue(3))) {
            byte[] buf = {1, 2, 3};
            q.put(buf);
            q.put(new byte[0]);
            buf[0] = 9;
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) q.get(LIMIT));
            assertArrayEquals(new byte[0], (byte[]) q.get(LIMIT));
        }
    }

    @Test
    void manyProducersAndConsumersAcrossProcessesLoseAndDuplicateNothing() {
        int producers = 2;
        int consumers = 2;
        int perProducer = 3000;
        Queue<Integer> work = Multiprocessing.queue(50); // bounded: producers wait for room
        Queue<int[]> results = Multiprocessing.queue();
        var children = new ArrayList<Process>();
        for (int c = 0; c < consumers; c++) {
            children.add(start(() -> {
                var seen = new ArrayList<Integer>();
                for (Integer x = work.get(); x != null; x = work.get()) {
                    seen.add(x);
                }
                results.put(seen.stream().mapToInt(Integer::intValue).toArray());
            }));
        }
        var producing = new ArrayList<Process>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            producing.add(start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    work.put(base + i);
                }
            }));
        }
        // The parent produces too, on an unbounded queue's worth of items, while the children run.
        int parentBase = producers * perProducer;
        for (int i = 0; i < perProducer; i++) {
            work.put(parentBase + i);
        }
        producing.forEach(SharedTestBase::joinOk);
        for (int c = 0; c < consumers; c++) {
            work.put(null);
        }
        int total = (producers + 1) * perProducer;
        var seen = new BitSet(total);
        long sum = 0;
        int count = 0;
        for (int c = 0; c < consumers; c++) {
            for (int x : results.get(LIMIT)) {
                assertFalse(seen.get(x), "item " + x + " was delivered twice");
                seen.set(x);
                sum += x;
                count++;
            }
        }
        children.forEach(SharedTestBase::joinOk);
        assertEquals(total, count);
        assertEquals((long) total * (total - 1) / 2, sum);
        assertTrue(work.empty());
    }

    @Test
    void sixtyFourMebibyteObjectsAndByteArraysPass() {
        int size = 64 << 20;
        Queue<Object> q = Multiprocessing.queue();
        Queue<Object> back = Multiprocessing.queue(1);
        var p = start(() -> {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i += 4096) {
                bytes[i] = (byte) (i >>> 12);
            }
            bytes[size - 1] = 42;
            q.put(bytes);
            long[] longs = new long[size / 8];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = i * 3L;
            }
            q.put(longs);
            q.put("small after the big ones");
            long[] echoed = (long[]) back.get();
            q.put(echoed.length == longs.length && echoed[echoed.length - 1] == longs[longs.length - 1] * 2);
        });
        byte[] bytes = (byte[]) q.get(LIMIT);
        assertEquals(size, bytes.length);
        assertEquals(42, bytes[size - 1]);
        assertEquals((byte) 7, bytes[7 * 4096]);
        long[] longs = (long[]) q.get(LIMIT);
        assertEquals(size / 8, longs.length);
        assertEquals((size / 8 - 1) * 3L, longs[longs.length - 1]);
        assertEquals("small after the big ones", q.get(LIMIT));
        for (int i = 0; i < longs.length; i++) {
            longs[i] *= 2;
        }
        back.put(longs); // bounded queue, overflow segment, towards the child
        assertEquals(true, q.get(LIMIT));
        joinOk(p);
    }

    @Test
    void largeItemsThatFindTheRingFullArePutWithoutAGetterAndArriveInOrder() {
        int mib = 1 << 20;
        Queue<Object> q = Multiprocessing.queue(); // a 16 MiB ring: 15 items of 1 MiB fit
        byte[] buf = new byte[mib];
        for (int i = 0; i < 40; i++) {
            buf[0] = (byte) i;
            buf[mib - 1] = (byte) (i * 3);
            if (i % 2 == 0) {
                q.put(buf); // waits for room only while a getter takes; here none does
            } else {
                q.putNowait(buf);
            }
            q.put(i);
        }
        buf[0] = 99; // the caller may reuse its array: the queue took a copy
        for (int i = 0; i < 40; i++) {
            byte[] got = (byte[]) q.get(LIMIT);
            assertEquals(mib, got.length);
            assertEquals((byte) i, got[0], "item " + i);
            assertEquals((byte) (i * 3), got[mib - 1]);
            assertEquals(i, q.get(LIMIT));
        }
        assertTrue(q.empty());
    }

    @Test
    void aProducerOfLargeItemsKeepsToItsGettersPaceAfterAStallInsteadOfPilingUpCopies() {
        int mib = 1 << 20;
        int n = 400;
        Queue<Object> q = Multiprocessing.queue(); // a 16 MiB ring: 15 items of 1 MiB fit
        String b = box;
        var producer = start(() -> {
            byte[] buf = new byte[mib];
            int most = 0;
            int slow = 0;
            for (int i = 0; i < n; i++) {
                buf[0] = (byte) i;
                long t = System.nanoTime();
                q.put(buf); // the 16th finds the ring full and nobody taking: after the stall, the feeder holds it
                if (System.nanoTime() - t >= 10_000_000) { // the stall after which a put hands its copy over
                    slow++;
                }
                if (i == 15) {
                    Mailbox.put(b, "stalled", "");
                }
                most = Math.max(most, q.qsize()); // the ring's items and what this process's feeder holds
            }
            Mailbox.put(b, "most", most + " " + slow);
        });
        Mailbox.await(b, "stalled", LIMIT);
        for (int i = 0; i < n; i++) {
            byte[] got = (byte[]) q.get(LIMIT);
            assertEquals((byte) i, got[0], "item " + i);
        }
        String[] seen = Mailbox.await(b, "most", LIMIT).split(" ");
        int most = Integer.parseInt(seen[0]);
        int slow = Integer.parseInt(seen[1]);
        // A put hands its copy to the feeder only after it waited 10 ms without a take (the
        // getter's collections, a loaded machine's scheduling), and once the getter takes, later
        // puts wait for the feeder to write what it holds: so beside the ring's 15, the feeder
        // holds at most one copy per put that waited (+ 1 counted twice while the feeder moves
        // it). Measured: 19-24 in all, with 26-183 slow puts, quiet or loaded. Before, every put
        // after the first stall returned at once and left a copy with the feeder: 76-109, with
        // 23-41 slow puts.
        assertTrue(most <= 15 + slow + 1, "the producer piled up copies: qsize reached " + most
                + " with " + slow + " puts that waited 10 ms or more");
        joinOk(producer);
    }

    @Test
    void aProducerOfLargeItemsAndAGetterInAnotherProcessPassEveryItemInOrder() {
        int mib = 1 << 20;
        int n = 60;
        Queue<Object> q = Multiprocessing.queue();
        var p = start(() -> {
            byte[] buf = new byte[mib];
            for (int i = 0; i < n; i++) {
                buf[0] = (byte) i;
                buf[mib / 2] = (byte) (i * 5);
                q.put(buf); // the ring fills up: the put waits while the parent takes
                buf[mib / 2] = -1; // reused at once
                q.put(new byte[0]);
                if (i == n / 2) {
                    byte[] huge = new byte[20 * mib]; // more than the ring: an overflow segment
                    huge[huge.length - 1] = 7;
                    q.put(huge);
                }
                q.put("after " + i);
            }
        });
        for (int i = 0; i < n; i++) {
            byte[] got = (byte[]) q.get(LIMIT);
            assertEquals(mib, got.length);
            assertEquals((byte) i, got[0], "item " + i);
            assertEquals((byte) (i * 5), got[mib / 2], "item " + i + " as it was when put");
            assertEquals(0, ((byte[]) q.get(LIMIT)).length);
            if (i == n / 2) {
                byte[] huge = (byte[]) q.get(LIMIT);
                assertEquals(20 * mib, huge.length);
                assertEquals(7, huge[huge.length - 1]);
            }
            assertEquals("after " + i, q.get(LIMIT));
        }
        joinOk(p);
        assertTrue(q.empty());
    }

    @Test
    void aFullBoundedQueueRefusesANonBlockingPutAndKeepsItsContents() {
        Queue<String> q = Multiprocessing.queue(2);
        assertFalse(q.full());
        q.put("a");
        q.putNowait("b");
        assertTrue(q.full());
        assertEquals(2, q.qsize());
        var e = assertThrows(QueueFullException.class, () -> q.putNowait("c"));
        assertEquals("queue is full (maxsize=2)", e.getMessage());
        long start = System.nanoTime();
        assertThrows(QueueFullException.class, () -> q.put("c", Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start >= 100_000_000L, "the timed put waited");
        assertThrows(QueueFullException.class, () -> q.put("c", Duration.ofMillis(-5)));
        assertEquals(2, q.qsize());
        assertEquals("a", q.get());
        assertFalse(q.full());
        q.put("d", Duration.ofMillis(10));
        assertEquals("b", q.get());
        assertEquals("d", q.get());
        assertTrue(q.empty());
    }

    @Test
    void aBoundedPutWaitsForAGetterInAnotherProcess() {
        Queue<Integer> q = Multiprocessing.queue(1);
        q.put(0);
        var p = start(() -> {
            q.put(1); // waits until the parent took 0
            q.put(2);
        });
        assertEquals(0, q.get(LIMIT));
        assertEquals(1, q.get(LIMIT));
        assertEquals(2, q.get(LIMIT));
        joinOk(p);
    }

    @Test
    void aTimedGetOnAnEmptyQueueRaisesEmpty() {
        Queue<String> q = Multiprocessing.queue();
        long start = System.nanoTime();
        var e = assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start >= 100_000_000L);
        assertEquals("no item arrived within PT0.1S", e.getMessage());
        e = assertThrows(QueueEmptyException.class, q::getNowait);
        assertEquals("queue is empty", e.getMessage());
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofSeconds(-1)));
    }

    @Test
    void anUnserialisableItemRaisesInTheCallerAndTheQueueKeepsItsItems() {
        for (Queue<Object> q : List.<Queue<Object>>of(Multiprocessing.queue(), Multiprocessing.queue(5), Multiprocessing.joinableQueue())) {
            q.put("first");
            var e = assertThrows(SerializationException.class, () -> q.put(Thread.currentThread()));
            assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
            q.put("second");
            assertEquals("first", q.get(LIMIT));
            assertEquals("second", q.get(LIMIT));
            assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(20)));
            if (q instanceof JoinableQueue<Object> j) {
                j.taskDone();
                j.taskDone();
                assertThrows(IllegalStateException.class, j::taskDone, "the failed put was not counted");
            }
        }
    }

    @Test
    void argumentsAndStateAreChecked() {
        Queue<String> q = Multiprocessing.queue(-3);
        assertFalse(q.full(), "maxsize <= 0 is unbounded");
        q.put("n", null); // a null timeout is no limit (the package rule)
        assertEquals("n", q.get(null));
        var e = assertThrows(IllegalStateException.class, q::joinThread);
        assertEquals("joinThread() needs close() first: the queue is open in this process", e.getMessage());
        q.put("x");
        q.close();
        q.close();
        e = assertThrows(IllegalStateException.class, () -> q.put("y"));
        assertEquals("cannot put: this process closed the queue", e.getMessage());
        e = assertThrows(IllegalStateException.class, q::get);
        assertEquals("cannot get: this process closed the queue", e.getMessage());
        q.joinThread();
        assertEquals(1, q.qsize(), "close flushed the feeder");
        String old = System.getProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME);
        System.setProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME, "1000");
        try {
            var bad = assertThrows(IllegalArgumentException.class, Multiprocessing::queue);
            assertEquals("multiprocessing4j.queue.ringBytes must be a multiple of 8 between 4096 and 1073741824: "
                    + "multiprocessing4j.queue.ringBytes=1000", bad.getMessage());
        } finally {
            restore(old);
        }
    }

    @Test
    void anInterruptEndsABlockedGet() {
        Queue<String> q = Multiprocessing.queue();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedWaitException.class, q::get);
        assertTrue(Thread.interrupted());
    }

    @Test
    void itemsPutJustBeforeAChildExitsAreDelivered() {
        Queue<Integer> q = Multiprocessing.queue();
        var p = start(() -> {
            for (int i = 0; i < 2000; i++) {
                q.put(i);
            }
            // no close(): the feeder is flushed at exit
        });
        joinOk(p);
        for (int i = 0; i < 2000; i++) {
            assertEquals(i, q.getNowait());
        }
        assertTrue(q.empty());
    }

    @Test
    void qsizeCountsWhatFeedersHoldFromThePutOnInEveryProcess() {
        var queues = smallRingQueues();
        Queue<byte[]> mine = queues.get(0);
        Queue<byte[]> childs = queues.get(1);
        for (int i = 0; i < 40; i++) {
            mine.put(new byte[1000]);
            // At least: while the feeder moves an item into the ring it may count twice for a moment.
            assertTrue(mine.qsize() >= i + 1, "counted when put returns, though the feeder holds most: " + mine.qsize());
        }
        Await.until("qsize counts all 40 (the ring holds 3)", LIMIT, () -> mine.qsize() == 40);
        String b = box;
        var producer = start(() -> {
            for (int i = 0; i < 40; i++) {
                childs.put(new byte[1000]);
            }
            Mailbox.put(b, "put", "");
            Mailbox.await(b, "go", Delays.seconds(60));
        });
        Mailbox.await(b, "put", LIMIT);
        Await.until("qsize counts what another process's feeder holds", LIMIT, () -> childs.qsize() == 40);
        for (int i = 40; i > 0; i--) {
            assertEquals(1000, mine.get(LIMIT).length);
            assertEquals(1000, childs.get(LIMIT).length);
        }
        Await.until("the feeders have written everything", LIMIT, () -> mine.qsize() == 0 && childs.qsize() == 0);
        assertTrue(mine.empty() && childs.empty());
        Mailbox.put(b, "go", "");
        joinOk(producer);
    }

    @Test
    void closeAndJoinThreadWaitForTheFlushAndCancelJoinThreadDoesNot() {
        var queues = smallRingQueues();
        Queue<byte[]> flushed = queues.get(0);
        Queue<byte[]> cancelled = queues.get(1);
        String b = box;
        var joiner = start(() -> {
            for (int i = 0; i < 40; i++) {
                flushed.put(new byte[1000]);
            }
            flushed.close();
            Mailbox.put(b, "closed", true);
            flushed.joinThread(); // returns once the parent has taken enough to make room
            Mailbox.put(b, "joined", true);
        });
        var canceller = start(() -> {
            cancelled.cancelJoinThread();
            for (int i = 0; i < 40; i++) {
                cancelled.put(new byte[1000]); // the ring never has room for them all
            }
        });
        joinOk(canceller); // exits although its feeder still holds items
        assertTrue(cancelled.qsize() < 40);
        Mailbox.await(box, "closed", LIMIT);
        assertNull(Mailbox.get(box, "joined"), "joinThread waits while the feeder cannot flush");
        for (int i = 0; i < 40; i++) {
            assertEquals(1000, flushed.get(LIMIT).length);
        }
        joinOk(joiner);
        assertEquals("true", Mailbox.get(box, "joined"));
        while (!cancelled.empty()) {
            cancelled.getNowait();
        }
    }

    @Test
    void theThreadStartMethodSharesTheQueue() {
        var ctx = Multiprocessing.getContext("thread");
        Queue<Integer> q = ctx.queue();
        Queue<Integer> sums = ctx.queue(1);
        var consumer = ctx.process(() -> {
            int sum = 0;
            for (Integer x = q.get(); x != null; x = q.get()) {
                sum += x;
            }
            sums.put(sum);
        });
        var producer = ctx.process(() -> {
            for (int i = 1; i <= 100; i++) {
                q.put(i);
            }
            q.put(null);
        });
        consumer.start();
        producer.start();
        assertEquals(5050, sums.get(LIMIT));
        joinOk(producer);
        joinOk(consumer);
    }

    @Test
    void aConsumerKilledWithKillNineLeavesTheQueueUsable() {
        Queue<Integer> q = Multiprocessing.queue(20);
        String b = box;
        var churn = start(() -> {
            Mailbox.put(b, "churning", true);
            while (true) { // takes and puts back for ever: almost always inside the ring's lock
                q.put(q.get());
            }
        });
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        Mailbox.await(box, "churning", LIMIT);
        for (int round = 0; round < 3; round++) {
            // Let it churn a little, then take a few items through the same lock in between.
            Integer x = q.get(LIMIT);
            q.put(x, LIMIT);
        }
        churn.kill();
        assertTrue(churn.join(LIMIT));
        assertEquals(-9, churn.exitCode());
        // The killed consumer may have held one item in flight: at least 9 are left.
        int left = q.qsize();
        assertTrue(left >= 9 && left <= 10, "items left: " + left);
        var seen = new BitSet();
        for (int i = 0; i < left; i++) {
            seen.set(q.get(Delays.seconds(5)));
        }
        assertEquals(left, seen.cardinality(), "no duplicates");
        var p = start(() -> {
            for (int i = 100; i < 200; i++) {
                q.put(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += q.get(LIMIT);
        }
        assertEquals(14950, sum);
        joinOk(p);
    }

    @Test
    void waitCoversQueuesConnectionsAndSentinels() throws Exception {
        Queue<String> q = Multiprocessing.queue();
        SimpleQueue<String> sq = Multiprocessing.simpleQueue();
        var go = Multiprocessing.event();
        try (var pipe = Pipe.open()) {
            var p = start(() -> {
                go.await();
                q.put("from the child");
            });
            List<Object> objects = List.of(q, sq, pipe.left(), p);
            assertEquals(List.of(), Multiprocessing.wait(objects, Duration.ofMillis(50)));
            go.set();
            List<Object> ready = Multiprocessing.wait(objects, LIMIT);
            assertTrue(ready.contains(q), "ready: " + ready);
            assertFalse(ready.contains(sq) || ready.contains(pipe.left()), "ready: " + ready);
            assertEquals(List.of(q), Multiprocessing.wait(List.of(q, sq), Duration.ZERO), "waiting consumed nothing");
            assertEquals("from the child", q.get());
            joinOk(p);
            assertEquals(List.of(p), Multiprocessing.wait(objects, LIMIT));

            // Another thread puts while this one sleeps in wait: the watcher wakes it.
            var putter = java.util.concurrent.CompletableFuture.runAsync(() -> {
                Multiprocessing.wait(List.of(pipe.left()), LIMIT);
                sq.put("late");
            });
            pipe.right().send("go");
            assertEquals(List.of(sq), Multiprocessing.wait(List.of(q, sq), LIMIT));
            putter.get();
            assertTrue(Multiprocessing.waitAll(List.of(sq, pipe.left(), p), LIMIT));
            assertFalse(Multiprocessing.waitAll(List.of(sq, q), Duration.ofMillis(50)), "q is empty");
            assertEquals("late", sq.get());
            q.close();
            assertThrows(IllegalStateException.class, () -> Multiprocessing.wait(List.of(q), Duration.ZERO));
        }
    }

    @Test
    void aGetterKilledWhileCopyingALargeItemOutLosesNothing() {
        Queue<byte[]> q = Multiprocessing.queue(8);
        int size = 512 * 1024; // large frames are copied out of the ring without the lock
        String b = box;
        var churn = start(() -> {
            Mailbox.put(b, "churning", true);
            while (true) { // takes and puts back for ever: almost always copying a large frame
                q.put(q.get());
            }
        });
        for (int i = 0; i < 4; i++) {
            byte[] item = new byte[size];
            item[0] = (byte) i;
            item[size - 1] = (byte) i;
            q.put(item);
        }
        Mailbox.await(box, "churning", LIMIT);
        for (int round = 0; round < 3; round++) {
            q.put(q.get(LIMIT), LIMIT);
        }
        churn.kill();
        assertTrue(churn.join(LIMIT));
        int left = q.qsize();
        assertTrue(left >= 3 && left <= 4, "items left: " + left);
        var seen = new BitSet();
        for (int i = 0; i < left; i++) {
            byte[] item = q.get(Delays.seconds(5));
            assertEquals(size, item.length);
            assertEquals(item[0], item[size - 1], "a whole item");
            seen.set(item[0]);
        }
        assertEquals(left, seen.cardinality(), "no duplicates");
        q.put(new byte[size]);
        assertEquals(size, q.get(LIMIT).length, "still usable");
    }

    /** Two unbounded queues whose rings hold three items of 1000 bytes. */
    private static List<Queue<byte[]>> smallRingQueues() {
        String old = System.getProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME);
        System.setProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME, "4096");
        try {
            return List.of(Multiprocessing.queue(), Multiprocessing.queue());
        } finally {
            restore(old);
        }
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME);
        } else {
            System.setProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME, old);
        }
    }
}
