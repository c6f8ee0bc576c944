package org.multiprocessing4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.TaskTimeoutException;
import org.multiprocessing4j.WorkerLostException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool whose chunks run on one in-process agent (its workers are real child JVMs). The agent
 * boots a local pool of its two slots for each driver pool, so the tests that only use a pool
 * share one ({@link #pool}); those that configure theirs, or count its tasks from 0, make their own.
 */
class RedisPoolTest {

    static RedisServer server;
    static RedisContext ctx;
    static Agent agent;
    /** Shared by the tests that need no settings of their own. */
    static org.multiprocessing4j.Pool pool;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
        agent = Agent.start(Options.patient(server, "pool"), 2, "host-a");
        ctx = RedisContext.connect(Options.patient(server, "pool"));
        pool = ctx.pool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            try {
                assertEquals(List.of(), server.keys(), "the session's keys are gone once every party left");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void mapApplyAndStarmapRunOnTheAgent() {
        List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 50).boxed().toList());
        assertEquals(IntStream.range(0, 50).map(x -> x * x).boxed().toList(), squares);
        long pid = pool.apply(() -> ProcessHandle.current().pid());
        assertTrue(pid != ProcessHandle.current().pid(), "the task ran in another process");
        assertEquals(List.of(3, 7), pool.starmap((Integer a, Integer b) -> a + b, List.of(Map.entry(1, 2), Map.entry(3, 4))));
        assertEquals(List.of(), pool.map(x -> x, List.<Integer>of()));
    }

    @Test
    void imapYieldsLazilyInOrderAndUnorderedAsResultsCome() {
        var ordered = new java.util.ArrayList<Integer>();
        pool.imap((Integer x) -> x + 1, IntStream.range(0, 30).boxed().toList(), 4).forEachRemaining(ordered::add);
        assertEquals(IntStream.range(1, 31).boxed().toList(), ordered);
        var unordered = new java.util.TreeSet<Integer>();
        pool.imapUnordered((Integer x) -> x * 2, IntStream.range(0, 10).boxed().toList()).forEachRemaining(unordered::add);
        assertEquals(IntStream.range(0, 10).map(x -> x * 2).boxed().collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
                unordered);
        var it = pool.imap((Integer x) -> {
            if (x == 2) {
                throw new IllegalStateException("item " + x);
            }
            return x;
        }, List.of(0, 1, 2, 3), 4);
        assertEquals(0, it.next());
        assertEquals(1, it.next()); // the good items of a chunk come before its failing one
        var e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("item 2", e.getMessage());
    }

    @Test
    void aTasksOwnExceptionComesBackWithItsType() {
        AsyncResult<Object> r = pool.applyAsync(() -> {
            throw new IllegalArgumentException("bad input 7");
        });
        var e = assertThrows(IllegalArgumentException.class, () -> r.get(Duration.ofSeconds(60)));
        assertEquals("bad input 7", e.getMessage());
    }

    @Test
    void aWorkerThatDiesFailsItsChunkNamingTheHostAndTheAgentGoesOn() {
        try (var pool = ctx.pool(1)) { // its own: tasks are numbered from 0 in each pool
            var e = assertThrows(WorkerLostException.class, () -> pool.apply(() -> {
                Runtime.getRuntime().halt(3);
                return 0;
            }));
            // as on a local pool: the task numbered as the user knows it; halt(3) reads as the exit of -XX:+ExitOnOutOfMemoryError
            assertTrue(e.getMessage().startsWith("worker host-a/") && e.getMessage().contains("while running task 0"),
                    e.getMessage());
            assertEquals(3, e.exitCode());
            assertEquals(5, (int) pool.apply(() -> 5));
        }
    }

    @Test
    void theTaskTimeoutOfThePoolAppliesOnTheAgent() {
        try (var pool = ctx.poolBuilder().processes(1).taskTimeout(Duration.ofMillis(500)).build()) {
            assertThrows(TaskTimeoutException.class, () -> pool.apply(() -> {
                Thread.sleep(60_000);
                return 0;
            }));
        }
    }

    @Test
    void theExecutorRunsSerialisableTasksOnAgents() throws Exception {
        var executor = ctx.executor(1);
        try {
            var f = executor.submit((org.multiprocessing4j.SerializableCallable<Integer>) () -> 6 * 7);
            assertEquals(42, f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            var all = executor.invokeAll(List.of((org.multiprocessing4j.SerializableCallable<Integer>) () -> 1,
                    (org.multiprocessing4j.SerializableCallable<Integer>) () -> 2));
            assertEquals(3, all.get(0).get() + all.get(1).get());
            var failing = executor.submit((org.multiprocessing4j.SerializableCallable<Integer>) () -> {
                throw new IllegalStateException("no");
            });
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> failing.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(IllegalStateException.class, e.getCause().getClass());
            java.util.concurrent.Callable<Integer> plain = () -> 1;
            var refused = assertThrows(org.multiprocessing4j.SerializationException.class, () -> executor.submit(plain));
            assertTrue(refused.getMessage().contains("serialisable"), refused.getMessage());
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void aWorkerKilledFromOutsideMidTaskFailsItsTaskNamingTheHostAfterItsRetries() throws Exception {
        // Each run of the task leaves a file named by its worker's pid (a file, not a Redis object:
        // the worker then needs no Redis client of its own, which would cost a second of start-up).
        java.nio.file.Path runs = java.nio.file.Files.createTempDirectory("mp4j-killed-runs");
        String dir = runs.toString();
        try (var pool = ctx.poolBuilder(1).processes(1).build()) {
            AsyncResult<Integer> r = pool.applyAsync(() -> {
                java.nio.file.Files.createFile(java.nio.file.Path.of(dir, Long.toString(ProcessHandle.current().pid())));
                Thread.sleep(120_000);
                return 1;
            });
            long first = awaitNewRun(runs, java.util.Set.of());
            kill(first);
            long second = awaitNewRun(runs, java.util.Set.of(first)); // the pool's one retry: it runs again, in another worker
            kill(second);
            var e = assertThrows(WorkerLostException.class, () -> r.get(Duration.ofSeconds(60)));
            assertEquals(-9, e.exitCode());
            assertTrue(e.getMessage().contains("worker host-a/") && e.getMessage().contains("while running task 0 (killed by signal 9)"),
                    e.getMessage());
            assertEquals(7, (int) pool.apply(() -> 7), "the agent goes on serving the pool");
            assertEquals(java.util.Set.of(first, second), pidsIn(runs), "ran twice (once per kill), never a third time");
        } finally {
            try (var files = java.nio.file.Files.list(runs)) {
                for (var f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(runs);
        }
    }

    @Test
    void anOutOfMemoryErrorOnTheAgentReadsAsOnALocalPool() {
        try (var pool = ctx.poolBuilder().processes(1).memoryLimit(64L << 20).build()) {
            var e = assertThrows(WorkerLostException.class, () -> pool.map(x -> {
                if (x == 5) {
                    long[] tooLarge = new long[Integer.MAX_VALUE]; // "Requested array size exceeds VM limit", whatever the heap
                    return tooLarge.length;
                }
                return x;
            }, List.of(4, 5), 1));
            assertTrue(e.outOfMemory(), e.getMessage());
            assertEquals(3, e.exitCode());
            assertEquals("-Xmx64m", e.heapLimit());
            assertTrue(e.getMessage().startsWith("worker host-a/")
                    && e.getMessage().contains("ran out of memory (OutOfMemoryError) while running item 1; its heap limit: -Xmx64m"),
                    e.getMessage());
        }
    }

    /** The pid of a run of the task not among {@code seen} (polled: the task runs on the agent's worker). */
    private static long awaitNewRun(java.nio.file.Path runs, java.util.Set<Long> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            for (long pid : pidsIn(runs)) {
                if (!seen.contains(pid)) {
                    return pid;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no new run of the task started; runs so far " + seen);
            Thread.sleep(20); // polling the directory for the task's mark: the wait ends on the event
        }
    }

    private static java.util.Set<Long> pidsIn(java.nio.file.Path runs) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(runs)) {
            return files.map(f -> Long.parseLong(f.getFileName().toString())).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** kill -9 from outside the pool. */
    private static void kill(long pid) {
        var worker = ProcessHandle.of(pid).orElseThrow();
        assertTrue(worker.destroyForcibly(), "SIGKILL sent to " + pid);
    }
}
