package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every primitive under the {@code "thread"} start method, where processes are threads of one JVM. */
class ThreadStartMethodSyncTest extends SharedTestBase {

    static final Context THREADS = Multiprocessing.getContext("thread");

    static void runAll(List<Process> processes) {
        processes.forEach(Process::start);
        for (Process p : processes) {
            assertTrue(p.join(LIMIT));
            assertEquals(0, p.exitCode());
        }
    }

    @Test
    void rLockSemaphoreAndValue() {
        var lock = THREADS.rLock();
        var slots = THREADS.semaphore(2);
        var count = Value.ofLong(0, false);
        var inside = Value.ofInt(0, false);
        var most = Value.ofInt(0, false);
        var ps = new ArrayList<Process>();
        for (int i = 0; i < 4; i++) {
            ps.add(THREADS.process(() -> {
                for (int n = 0; n < 5_000; n++) {
                    lock.acquire();
                    lock.acquire();
                    count.set(count.get() + 1);
                    lock.release();
                    lock.release();
                    slots.acquire();
                    int now = inside.incrementAndGet();
                    for (int m = most.get(); now > m && !most.compareAndSet(m, now); m = most.get()) {
                        // retry
                    }
                    inside.addAndGet(-1);
                    slots.release();
                }
            }));
        }
        runAll(ps);
        assertEquals(20_000, count.get());
        assertTrue(most.get() <= 2);
    }

    @Test
    void eventConditionAndBarrier() {
        var go = THREADS.event();
        var cond = THREADS.condition();
        var stage = Value.ofInt(0, false);
        var barrier = THREADS.barrier(3);
        Set<Integer> indices = ConcurrentHashMap.newKeySet();
        var ps = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            ps.add(THREADS.process(() -> {
                go.await();
                cond.acquire();
                try {
                    cond.waitFor(() -> stage.get() == 1, Duration.ofSeconds(30));
                } finally {
                    cond.release();
                }
                indices.add(barrier.await(Duration.ofSeconds(30)));
            }));
        }
        ps.forEach(Process::start);
        go.set();
        cond.acquire();
        stage.set(1);
        cond.signalAll();
        cond.release();
        for (Process p : ps) {
            assertTrue(p.join(LIMIT));
            assertEquals(0, p.exitCode());
        }
        assertEquals(Set.of(0, 1, 2), indices);
    }
}
