package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Pool} on worker JVMs: supervision, limits and serialisation. */
class SpawnPoolTest extends PoolConformanceTest {

    @Override
    String startMethod() {
        return "spawn";
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * A worker decodes its init record and its chunks of a lambda over simple values without an
     * object stream, and nothing on its way makes it search every jar of its class path for a
     * service (a logger, or the default SelectorProvider; see SpawnProcessTest) or load the
     * pool's side of the worker.
     */
    @Test
    void aWorkerOfALambdaPoolSearchesTheClassPathForNoService(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        try (var p = Pool.builder().processes(1).startMethod(startMethod())
                .jvmArgs("-Xlog:class+init=info:file=" + tmp.resolve("worker-%p.log")).build()) {
            SerializableFunction<Integer, Integer> square = x -> x * x;
            assertEquals(List.of(1, 4, 9), p.map(square, List.of(1, 2, 3)));
        }
        String log;
        try (var files = java.nio.file.Files.list(tmp)) {
            var logs = files.toList();
            assertEquals(1, logs.size(), logs.toString());
            log = java.nio.file.Files.readString(logs.getFirst());
        }
        assertTrue(log.contains("org/multiprocessing4j/internal/pool/WorkerMain"), "the log covers the worker's run");
        for (String c : List.of("jdk/internal/logger/BootstrapLogger$DetectBackend", "java/io/ObjectInputFilter$Config",
                "java/util/ServiceLoader$LazyClassPathLookupIterator")) {
            assertFalse(log.contains("'" + c + "'"), c + " was initialised in the worker");
        }
        // its target is a lambda of WorkerMain, not of the pool's side (loaded and linked ~20 ms)
        assertFalse(log.contains("'org/multiprocessing4j/internal/pool/JvmWorker'"), "the worker loaded the pool's side");
    }

    @Test
    void tasksRunInWorkerJvms() {
        long worker = pool.apply(SpawnPoolTest::pid);
        assertNotEquals(pid(), worker);
        assertTrue(ProcessHandle.current().descendants().anyMatch(h -> h.pid() == worker));
    }

    @Test
    void aWorkerKilledMidMapFailsOnlyItsTaskAndIsReplaced() {
        String b = box;
        SerializableFunction<Integer, Integer> f = v -> {
            if (v == 5) {
                Mailbox.put(b, "victim", ProcessHandle.current().pid());
                awaitGo(b, "never");
            }
            return v * 10;
        };
        var it = pool.imap(f, range(12));
        long victim = Long.parseLong(Mailbox.await(b, "victim", LIMIT));
        ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // kill -9
        List<Object> results = new ArrayList<>();
        while (it.hasNext()) {
            try {
                results.add(it.next(LIMIT));
            } catch (WorkerLostException e) {
                assertEquals(-9, e.exitCode());
                assertTrue(e.getMessage().contains("killed by signal 9"), e.getMessage());
                results.add("lost");
            }
        }
        assertEquals(List.of(0, 10, 20, 30, 40, "lost", 60, 70, 80, 90, 100, 110), results);
        assertEquals(2, pool.processes());
        assertEquals(List.of(0, 1, 2), pool.map((Integer v) -> v, range(3)), "the pool keeps working");
    }

    @Test
    void systemExitInATaskIsAWorkerLoss() {
        var pool = fresh(1); // its own: "task 0"; its one worker is replaced for the next task
        var r = pool.applyAsync(() -> {
            System.exit(3); // the status of -XX:+ExitOnOutOfMemoryError too: not reported as one
            return 0;
        });
        var e = assertThrows(WorkerLostException.class, () -> r.get(LIMIT));
        assertEquals(3, e.exitCode());
        assertFalse(e.outOfMemory(), e.getMessage());
        assertTrue(e.getMessage().matches("worker \\S+ died while running task 0 \\(exit code 3\\)"), e.getMessage());
        assertEquals("fine", pool.apply(() -> "fine"));
    }

    @Test
    void anOutOfMemoryErrorEndsOnlyThatWorker() {
        try (var p = builder().processes(1).memoryLimit(64L << 20).build()) {
            var r = p.applyAsync(() -> {
                var hog = new ArrayList<long[]>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            });
            var e = assertThrows(WorkerLostException.class, () -> r.get(LIMIT));
            assertEquals(3, e.exitCode(), "-XX:+ExitOnOutOfMemoryError");
            assertTrue(e.outOfMemory(), e.getMessage());
            assertTrue(e.getMessage().contains("ran out of memory (OutOfMemoryError) while running task 0")
                    && e.getMessage().contains("its heap limit: -Xmx64m"), e.getMessage());
            assertEquals(1, p.apply(() -> 1));
        }
    }

    /** What a task keeps alive in its worker after it returns. */
    static final List<long[]> RETAINED = new ArrayList<>();

    @Test
    void aWorkerWhoseHeapStaysAboveTheMemoryLimitIsReplaced() {
        try (var p = builder().processes(1).memoryLimit(256L << 20).build()) {
            long first = p.apply(SpawnPoolTest::pid);
            long bloated = p.apply(() -> {
                for (int i = 0; i < 4 * 180; i++) {
                    RETAINED.add(new long[32 * 1024]); // 256 KiB each, 180 MiB in all, kept alive:
                }                                      // 70% of 256 MiB, above the 60% that retires
                System.gc(); // so the heap after the last GC is what is kept
                return pid();
            });
            assertEquals(first, bloated, "the bloating task ran in the same worker");
            assertNotEquals(first, p.apply(SpawnPoolTest::pid), "the bloated worker was retired and replaced");
        }
    }

    @Test
    void aRunawayTaskIsStoppedByTheTaskTimeoutAndItsWorkerReplaced() {
        // Generous enough for a fresh worker's first task on a loaded machine.
        Duration limit = Delays.seconds(3);
        try (var p = builder().processes(1).taskTimeout(limit).build()) {
            long before = p.apply(SpawnPoolTest::pid);
            var spinning = p.applyAsync(() -> {
                while (true) {
                    Thread.onSpinWait(); // ignores interrupts: only a kill stops it
                }
            });
            var e = assertThrows(TaskTimeoutException.class, () -> spinning.get(LIMIT));
            assertTrue(e.getMessage().contains(limit.toString()), e.getMessage());
            long after = p.apply(SpawnPoolTest::pid);
            assertNotEquals(before, after, "the worker was killed and replaced");

            var sleeping = p.applyAsync(() -> {
                Thread.sleep(60_000); // reacts to the interrupt: the worker survives
                return 0;
            });
            assertThrows(TaskTimeoutException.class, () -> sleeping.get(LIMIT));
            assertEquals(after, p.apply(SpawnPoolTest::pid), "an interrupted task does not cost its worker");
        }
    }

    @Test
    void mapChunksQueuedBehindARunningApplyAllRunOnItsWorker() {
        // A worker runs a single task without reading its link, so nothing is prefetched
        // behind it: the chunks wait here until the apply's result has come.
        String b = box;
        var p = fresh(1);
        var running = p.applyAsync(() -> {
            Mailbox.put(b, "running", "");
            awaitGo(b, "go");
            return -1;
        });
        Mailbox.await(b, "running", LIMIT);
        SerializableFunction<Integer, Integer> square = v -> v * v;
        var squares = p.mapAsync(square, range(40), 4); // ten chunks, more than the one worker
        var after = p.applyAsync(() -> -2);
        Mailbox.put(b, "go", "");
        assertEquals(-1, running.get(LIMIT));
        assertEquals(range(40).stream().map(v -> v * v).toList(), squares.get(LIMIT));
        assertEquals(-2, after.get(LIMIT));
    }

    @Test
    void aFailingInitializerBreaksThePoolInsteadOfLooping() {
        try (var p = builder().processes(1).initializer(() -> { // one at a time: five boots, not up to seven
            throw new IllegalStateException("cannot initialise");
        }).build()) {
            var r = p.applyAsync(() -> 1);
            var e = assertThrows(BrokenPoolException.class, () -> r.get(Delays.seconds(120)));
            assertTrue(e.getMessage().contains("died before they could take a task"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> p.apply(() -> 2));
        }
    }

    @Test
    void workersAreRecycledAfterMaxTasks() {
        try (var p = builder().processes(1).maxTasksPerChild(1).build()) {
            var pids = new HashSet<Long>();
            for (int i = 0; i < 2; i++) {
                pids.add(p.apply(SpawnPoolTest::pid));
            }
            assertEquals(2, pids.size(), "each task ran in a fresh worker");
        }
    }

    @Test
    void anUnserialisableTaskFailsInTheCaller() {
        Runnable plain = () -> { };
        var e = assertThrows(SerializationException.class, () -> pool.applyAsync(() -> {
            plain.run();
            return 0;
        }));
        assertTrue(e.getMessage().contains("SpawnPoolTest$$Lambda"), e.getMessage());
        assertEquals(3, pool.apply(() -> 3));
    }

    /** Not serialisable by any serializer: holds a thread. */
    static final class Unsendable extends RuntimeException {
        final transient Object ok = null;
        final Thread thread = Thread.currentThread();

        Unsendable() {
            super("cannot travel");
        }
    }

    @Test
    void unserialisableResultsAndExceptionsFailTheirItemOnly() {
        SerializableFunction<Integer, Object> f = v -> switch (v) {
            case 1 -> Thread.currentThread();
            case 2 -> throw new Unsendable();
            default -> v;
        };
        var it = pool.imap(f, range(4), 4);
        assertEquals(0, it.next());
        assertInstanceOf(SerializationException.class, assertThrows(SerializationException.class, it::next));
        var remote = assertThrows(RemoteExecutionException.class, it::next);
        assertEquals(Unsendable.class.getName(), remote.remoteClassName());
        assertTrue(remote.getCause().toString().contains("Unsendable: cannot travel"), remote.getCause().toString());
        assertEquals(3, it.next());
    }
}
