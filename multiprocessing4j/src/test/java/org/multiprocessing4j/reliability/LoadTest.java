package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load with exact totals: a million tiny tasks through {@code Pool.imapUnordered}, and 32
 * child JVMs contending on one {@link Lock} over a shared counter.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class LoadTest {

    static final Duration LIMIT = Delays.seconds(240);
    /** The brief's million in CI too: a task costs the pool about a microsecond here. */
    static final int TASKS = Reliability.count(1_000_000, 10_000_000);
    /** Small messages through one {@code Queue}: the brief's 10 000 000 in CI too (5.5 s here on a quiet machine). */
    static final int MESSAGES = Reliability.count(10_000_000, 10_000_000);
    static final int CONTENDERS = Reliability.count(32, 64);
    static final int INCREMENTS = Reliability.count(2_000, 100_000);
    /** Lean child JVMs: small heap, C1 only, serial GC. */
    static final String[] LEAN = {"-Xmx24m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1"};

    /** 0, 1, ..., n - 1 without a list of a million boxes. */
    static Iterable<Integer> range(int n) {
        return () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    @Test
    void aMillionTinyTasksThroughImapUnorderedGiveTheExactTotal() {
        long start = System.nanoTime();
        long sum = 0;
        long count = 0;
        long xor = 0;
        try (var pool = Pool.builder().processes(2).jvmArgs("-Xmx128m").build()) {
            for (var it = pool.imapUnordered((Integer x) -> (long) x * 3 + 1, range(TASKS), 5_000); it.hasNext(); ) {
                long r = it.next(LIMIT);
                sum += r;
                xor ^= r;
                count++;
            }
        }
        long expectedSum = 3L * ((long) TASKS * (TASKS - 1) / 2) + TASKS;
        long expectedXor = 0;
        for (long x = 0; x < TASKS; x++) {
            expectedXor ^= x * 3 + 1;
        }
        assertEquals(TASKS, count, "results");
        assertEquals(expectedSum, sum, "sum of results");
        assertEquals(expectedXor, xor, "xor of results (each exactly once)");
        System.out.printf("[reliability] imapUnordered: %,d tasks in %d ms, exact%n", TASKS,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void smallMessagesThroughAQueueArriveExactlyOnceInEachProducersOrder() {
        int producers = 2;
        int each = MESSAGES / producers;
        Queue<Integer> q = Multiprocessing.queue();
        var children = new ArrayList<Process>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            // An unbounded queue's backlog waits in the producer's heap (about 60 bytes a small
            // item) when the consumer is slower: up to all of a producer's items.
            children.add(Process.builder().jvmArgs("-Xmx" + Math.max(128, each / 10_000) + "m").target(() -> {
                for (int i = 0; i < each; i++) {
                    q.put(base + i);
                }
                // the feeder flushes at exit: every item is in the ring before the child ends
            }).build());
        }
        long t0 = System.nanoTime();
        children.forEach(Process::start);
        int[] next = new int[producers]; // each producer's items arrive in its order
        long sum = 0;
        long xor = 0;
        for (int n = 0; n < producers * each; n++) {
            int x = next(q, children);
            int p = x / each;
            assertEquals(p * each + next[p], x, "producer " + p + "'s next item");
            next[p]++;
            sum += x;
            xor ^= x;
        }
        long elapsed = System.nanoTime() - t0;
        for (Process p : children) {
            assertTrue(p.join(LIMIT), p.getName() + " still running");
            assertEquals(0, p.exitCode(), p.getName());
        }
        long total = (long) producers * each;
        long expectedXor = 0;
        for (long x = 0; x < total; x++) {
            expectedXor ^= x;
        }
        assertEquals(total * (total - 1) / 2, sum, "sum of the messages");
        assertEquals(expectedXor, xor, "xor of the messages");
        assertTrue(q.empty(), "no message left over");
        q.close();
        System.out.printf("[reliability] queue: %,d small messages from %d producers in %d ms (children's start"
                + " included), exact and in each producer's order%n", total, producers, elapsed / 1_000_000);
    }

    /** The next item, failing at once (not after the limit) if a producer ended abnormally. */
    private static int next(Queue<Integer> q, List<Process> producers) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            try {
                return q.get(Delays.seconds(1));
            } catch (QueueEmptyException e) {
                for (Process p : producers) {
                    if (!p.isAlive() && p.exitCode() != 0) {
                        throw new AssertionError(p.getName() + " ended with exit code " + p.exitCode(), e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void thirtyTwoProcessesContendingOnOneLockKeepAnExactCounter() {
        Lock lock = Multiprocessing.lock();
        LongValue counter = Value.ofLong(0, false);
        // every child and the parent meet here, so the increments really overlap
        Barrier start = Multiprocessing.barrier(CONTENDERS + 1);
        int each = INCREMENTS;
        var children = new ArrayList<Process>();
        long t0 = System.nanoTime();
        for (int i = 0; i < CONTENDERS; i++) {
            children.add(Process.builder().jvmArgs(LEAN).target(() -> {
                start.await();
                for (int n = 0; n < each; n++) {
                    lock.acquire();
                    try {
                        counter.set(counter.get() + 1); // not atomic: only the lock makes it exact
                    } finally {
                        lock.release();
                    }
                }
            }).build());
        }
        children.forEach(Process::start);
        start.await(LIMIT);
        long t1 = System.nanoTime();
        for (Process p : children) {
            assertTrue(p.join(LIMIT), p.getName() + " still running");
            assertEquals(0, p.exitCode(), p.getName());
        }
        assertEquals((long) CONTENDERS * each, counter.get());
        assertFalse(lock.isLocked());
        System.out.printf("[reliability] lock contention: %d processes x %,d locked increments exact;"
                        + " start %d ms, increments %d ms%n", CONTENDERS, each, (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
    }
}
