package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of pool workers in the middle of {@code map} and {@code imap}: seeded victims
 * (task indices) announce their worker's pid and block until a killer thread kills it. Only the
 * victims' tasks are lost, each reported with {@link WorkerLostException} (signal 9); every other
 * result is correct; the pool replaces its workers and keeps working.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class PoolFaultTest {

    static final Duration LIMIT = Delays.childLifetime();
    static final int TASKS = Reliability.count(40, 400);
    static final int VICTIMS = Reliability.count(2, 25);

    Pool pool;

    @BeforeEach
    void startPool() {
        pool = Pool.builder().processes(2).jvmArgs("-Xmx64m").build();
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    static int square(int v) {
        return v * v + 1;
    }

    /** The task: victims announce their pid and wait to be killed; every task records its result. */
    static SerializableFunction<Integer, Integer> task(IntArray victim, LongArray pids, IntArray results) {
        return v -> {
            if (victim.get(v) != 0) {
                pids.set(v, ProcessHandle.current().pid());
                Await.until("killed", Delays.seconds(120), () -> false);
            }
            results.set(v, square(v));
            return square(v);
        };
    }

    record Victims(TreeSet<Integer> indices, IntArray flags, LongArray pids) {
        static Victims draw(Random random) {
            var indices = new TreeSet<Integer>();
            while (indices.size() < VICTIMS) {
                indices.add(random.nextInt(TASKS));
            }
            IntArray flags = SharedArray.ofInts(TASKS, false);
            indices.forEach(i -> flags.set(i, 1));
            return new Victims(indices, flags, SharedArray.ofLongs(TASKS, false));
        }

        /** Kills each victim's worker as soon as it has announced itself. */
        CompletableFuture<Void> killer() {
            return CompletableFuture.runAsync(() -> {
                var left = new TreeSet<>(indices);
                Await.until("every victim was killed", Delays.seconds(120), () -> {
                    left.removeIf(i -> {
                        long pid = pids.get(i);
                        if (pid == 0) {
                            return false;
                        }
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        return true;
                    });
                    return left.isEmpty();
                });
            });
        }
    }

    private void assertPoolKeepsWorking() {
        assertEquals(2, pool.processes());
        var expected = IntStream.range(0, 50).map(PoolFaultTest::square).boxed().toList();
        assertEquals(expected, pool.map(PoolFaultTest::square, IntStream.range(0, 50).boxed().toList(), 5));
    }

    @Test
    void imapLosesOnlyTheKilledTasks() {
        var victims = Victims.draw(Reliability.random("pool-imap-kill"));
        IntArray results = SharedArray.ofInts(TASKS, false);
        var killer = victims.killer();
        var it = pool.imap(task(victims.flags(), victims.pids(), results), range(TASKS), 1);
        var lost = new ArrayList<Integer>();
        for (int i = 0; i < TASKS; i++) {
            try {
                assertEquals(square(i), it.next(LIMIT), "result " + i);
            } catch (WorkerLostException e) {
                assertEquals(-9, e.exitCode(), e.getMessage());
                assertTrue(e.getMessage().contains("killed by signal 9"), e.getMessage());
                lost.add(i);
            }
        }
        assertTrue(!it.hasNext());
        killer.join();
        assertEquals(List.copyOf(victims.indices()), lost, "exactly the victims' tasks were lost");
        assertPoolKeepsWorking();
    }

    @Test
    void mapFailsWithTheLossWhileEveryOtherTaskCompletesCorrectly() {
        var victims = Victims.draw(Reliability.random("pool-map-kill"));
        IntArray results = SharedArray.ofInts(TASKS, false);
        var killer = victims.killer();
        var e = assertThrows(WorkerLostException.class,
                () -> pool.map(task(victims.flags(), victims.pids(), results), range(TASKS), 1));
        assertEquals(-9, e.exitCode(), e.getMessage());
        killer.join();
        // map reports the first loss as CPython reports a task's exception; the other tasks
        // still run to completion: each recorded its result in shared memory.
        Await.until("every surviving task ran", LIMIT, () -> IntStream.range(0, TASKS)
                .allMatch(i -> victims.indices().contains(i) || results.get(i) != 0));
        for (int i = 0; i < TASKS; i++) {
            assertEquals(victims.indices().contains(i) ? 0 : square(i), results.get(i), "slot " + i);
        }
        assertPoolKeepsWorking();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
