package org.multiprocessing4j.futures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProcessPoolExecutor} on worker JVMs: a real ExecutorService. The tests share one
 * executor of two workers ({@link #executor}, made once: booting two worker JVMs per test was most
 * of the class's time); a test that shuts its executor down, or counts its tasks from 0, makes
 * its own ({@link #fresh}). A test on the shared executor leaves it running and idle.
 */
@ExtendWith(NoLeftoverProcesses.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessPoolExecutorTest {

    static final Duration LIMIT = Delays.childLifetime();

    String box;
    /** Shared by the tests, two workers; its JVMs are marked as the class's own (NoLeftoverProcesses). */
    ProcessPoolExecutor executor;
    /** The executors the current test made with {@link #fresh}. */
    final List<ProcessPoolExecutor> own = new ArrayList<>();

    @BeforeAll
    void startSharedExecutor() {
        executor = ProcessPoolExecutor.builder().maxWorkers(2).jvmArgs(NoLeftoverProcesses.CLASS_SCOPED).build();
    }

    @AfterAll
    void stopSharedExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** An executor of this test's own with {@code workers} workers, shut down after the test. */
    ProcessPoolExecutor fresh(int workers) {
        var e = new ProcessPoolExecutor(workers);
        own.add(e);
        return e;
    }

    @BeforeEach
    void start() {
        box = Mailbox.create();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (var e : own) {
            e.shutdownNow();
            assertTrue(e.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        own.clear();
        Mailbox.delete(box);
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static void awaitGo(String box, String key) {
        Await.until("the test says " + key, Delays.seconds(60), () -> Files.exists(Path.of(box, key)));
    }

    @Test
    void tasksRunInWorkerJvmsAndComeBackAsCompletableFutures() throws Exception {
        CompletableFuture<Long> pid = executor.submit(ProcessPoolExecutorTest::pid);
        assertNotEquals(pid(), pid.get());
        assertEquals(7, executor.submit(() -> 3 + 4).thenApply(v -> v * 1).get());
        String b = box;
        assertNull(executor.submit(() -> Mailbox.put(b, "ran", "yes")).get());
        assertEquals("yes", Mailbox.get(b, "ran"));
        assertEquals("result", executor.submit(() -> Mailbox.put(b, "again", ""), "result").get());
        executor.execute(() -> Mailbox.put(b, "executed", ""));
        Mailbox.await(b, "executed", LIMIT);
    }

    @Test
    void aFailingTaskFailsItsFutureWithItsOwnException() {
        var executor = fresh(1); // its own: tasks are numbered from 0; its worker is replaced twice
        var e = assertThrows(ExecutionException.class, () -> executor.submit(() -> {
            throw new IllegalStateException("bad task");
        }).get());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("bad task", e.getCause().getMessage());
        assertTrue(e.getMessage().startsWith("task 0 failed in "), "numbered in the order of submission: " + e.getMessage());

        var lost = assertThrows(ExecutionException.class, () -> executor.submit(() -> {
            System.exit(3);
            return 0;
        }).get());
        var exited = assertInstanceOf(WorkerLostException.class, lost.getCause());
        assertEquals(3, exited.exitCode());
        assertFalse(exited.outOfMemory(), "System.exit(3) is not an OutOfMemoryError: " + exited.getMessage());
        assertTrue(exited.getMessage().contains("died while running task 1 (exit code 3)"), exited.getMessage());

        var oom = assertThrows(ExecutionException.class, () -> executor.submit(() -> {
            long[] tooLarge = new long[Integer.MAX_VALUE]; // "Requested array size exceeds VM limit", whatever the heap
            return tooLarge.length;
        }).get());
        var ranOut = assertInstanceOf(WorkerLostException.class, oom.getCause());
        assertTrue(ranOut.outOfMemory(), ranOut.getMessage());
        assertTrue(ranOut.getMessage().contains("ran out of memory (OutOfMemoryError) while running task 2; its heap limit:"
                + " the JVM's default"), ranOut.getMessage());
        assertFalse(executor.isShutdown(), "lost workers break nothing");
    }

    /** A callable that is not serialisable. */
    static final class Plain implements Callable<Integer> {
        @Override
        public Integer call() {
            return 1;
        }
    }

    @Test
    void unserialisableTasksAndTasksAfterShutdownAreRefused() {
        var executor = fresh(1); // its own: shut down
        var e = assertThrows(SerializationException.class, () -> executor.submit(new Plain()));
        assertTrue(e.getMessage().contains("Plain"), e.getMessage());
        executor.shutdown();
        assertTrue(executor.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 1));
    }

    @Test
    void invokeAllAndInvokeAny() throws Exception {
        List<SerializableCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        var all = executor.invokeAll(tasks);
        var values = new ArrayList<Integer>();
        for (var f : all) {
            values.add(f.get());
        }
        assertEquals(List.of(1, 2, 3), values);
        List<SerializableCallable<Integer>> oneGood = List.of(() -> {
            throw new IllegalStateException("no");
        }, () -> 42);
        assertEquals(42, executor.invokeAny(oneGood));
    }

    @Test
    void mapYieldsInOrderAndTimesOut() {
        SerializableFunction<Integer, Integer> twice = v -> 2 * v;
        var it = executor.map(twice, IntStream.range(0, 20).boxed().toList(), null, 3);
        var out = new ArrayList<Integer>();
        it.forEachRemaining(out::add);
        assertEquals(IntStream.range(0, 20).map(v -> 2 * v).boxed().toList(), out);

        String b = box;
        SerializableFunction<Integer, Integer> slow = v -> {
            awaitGo(b, "go");
            Mailbox.put(b, "slow-done", "");
            return v;
        };
        var timed = executor.map(slow, List.of(1), Duration.ofMillis(100), 1);
        assertThrows(WaitTimeoutException.class, timed::next);
        Mailbox.put(b, "go", "");
        // The task outlives the timeout: wait for it, so that the shared executor's worker is free
        // for the next test (and does not wait on this test's mailbox once it is gone).
        Mailbox.await(b, "slow-done", LIMIT);
    }

    @Test
    void mapsTimeoutIsOverallAndHasNextDoesNotWait() {
        String b = box;
        SerializableFunction<Integer, Integer> secondWaits = v -> {
            if (v == 2) {
                awaitGo(b, "go");
            }
            return v;
        };
        SerializableFunction<Integer, Integer> id = v -> v;
        executor.map(id, List.of(1, 2, 3, 4)).forEachRemaining(v -> { }); // the workers are up
        Duration timeout = Duration.ofSeconds(2);
        long start = System.nanoTime();
        var seen = new ArrayList<Integer>();
        var it = executor.map(secondWaits, List.of(1, 2, 3), timeout, 1);
        var e = assertThrows(WaitTimeoutException.class, () -> {
            while (it.hasNext()) { // a for-each loop over the results
                seen.add(it.next());
            }
        });
        long elapsed = System.nanoTime() - start;
        assertEquals(List.of(1), seen, e.getMessage());
        assertTrue(elapsed >= timeout.toNanos(), "timed out after " + elapsed + " ns");
        assertTrue(elapsed < Delays.seconds(30).toNanos(), "the timeout is counted from the call: " + elapsed + " ns");
        assertThrows(WaitTimeoutException.class, it::next, "the time is up: no further wait");
        Mailbox.put(b, "go", "");
        var all = executor.map(secondWaits, List.of(1, 2, 3), LIMIT, 1);
        var rest = new ArrayList<Integer>();
        all.forEachRemaining(rest::add);
        assertEquals(List.of(1, 2, 3), rest);
        assertThrows(java.util.NoSuchElementException.class, all::next);
    }

    @Test
    void aWorkerDyingWhileShutdownWaitsFailsItsFutureAndShutdownReturns() throws Exception {
        String b = box;
        var executor = fresh(2); // its own: shut down
        var dying = executor.submit(() -> {
            Mailbox.put(b, "running", "");
            awaitGo(b, "go");
            Runtime.getRuntime().halt(3);
            return 0;
        });
        var fine = executor.submit(() -> 5);
        assertEquals(5, fine.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        Mailbox.await(b, "running", LIMIT);
        Thread.ofVirtual().start(() -> {
            Await.until("shutdown has begun", LIMIT, executor::isShutdown);
            Mailbox.put(b, "go", "");
        });
        executor.shutdown(true, false);
        assertTrue(executor.isTerminated());
        var e = assertThrows(ExecutionException.class, () -> dying.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(WorkerLostException.class, e.getCause());
        assertEquals(3, ((WorkerLostException) e.getCause()).exitCode());
    }

    @Test
    void aFailingInitializerBreaksTheExecutorWithItsOwnType() throws Exception {
        for (String method : List.of("spawn", "thread")) {
            try (var broken = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(method) // five boots, one at a time
                    .initializer(() -> {
                        throw new IllegalStateException("expected by the test: initializer fails");
                    }).build()) {
                var f = broken.submit(() -> 1);
                var e = assertThrows(ExecutionException.class, () -> f.get(Delays.seconds(120).toMillis(), TimeUnit.MILLISECONDS), method);
                var cause = assertInstanceOf(BrokenProcessPoolException.class, e.getCause(), method);
                assertInstanceOf(org.multiprocessing4j.BrokenPoolException.class, cause.getCause(), "the pool's error: " + method);
                assertTrue(cause.getMessage().contains("initializer"), cause.getMessage());
                var later = assertThrows(BrokenProcessPoolException.class, () -> broken.submit(() -> 2), method);
                assertTrue(later.getMessage().contains("broken"), later.getMessage());
            }
        }
    }

    @Test
    void pendingWorkOfAnUnshutExecutorRunsToTheEndAtExit() throws Exception {
        // "1": each worker retires after one task, so the exit's join needs replacement workers
        // (a pool starts none only once the exit ends its children, after that join)
        for (String[] variant : List.of(new String[] {"spawn", "0"}, new String[] {"thread", "0"}, new String[] {"spawn", "1"})) {
            String method = variant[0] + (variant[1].equals("0") ? "" : ", maxTasksPerChild " + variant[1]);
            Path dir = Files.createTempDirectory("mp4j-executor-exit-");
            try (var root = RootJvm.start(ExecutorScenarios.class, "unshut-executor", variant[0], dir.toString(), variant[1])) {
                root.awaitLine("main-returns=", Delays.seconds(120)); // a fresh JVM's first serialisation is slow under load
                Files.writeString(dir.resolve("release"), "");
                assertEquals(0, root.waitFor(Delays.seconds(120)), method + ": " + root.stderr());
                for (int i = 0; i < 3; i++) {
                    assertTrue(Files.exists(dir.resolve("task-" + i)), method + ": task " + i + " ran before the JVM exited");
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    @Test
    void onlyQueuedTasksCanBeCancelled() throws Exception {
        String b = box;
        try (var single = ProcessPoolExecutor.builder().maxWorkers(1).build()) {
            var running = single.submit(() -> {
                Mailbox.put(b, "running", "");
                awaitGo(b, "go");
                return "ran";
            });
            Mailbox.await(b, "running", LIMIT);
            var queued = single.submit(() -> "never");
            assertTrue(queued.cancel(true));
            assertTrue(queued.isCancelled());
            assertTrue(queued.cancel(false), "cancelling a cancelled future again returns true (CompletableFuture)");
            assertFalse(running.cancel(true), "a running task cannot be cancelled");
            Mailbox.put(b, "go", "");
            assertEquals("ran", running.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shutdownWithCancelFuturesCancelsTheQueueAndWaitsForTheRest() throws Exception {
        String b = box;
        var executor = fresh(2); // its own: shut down
        var running = executor.submit(() -> {
            Mailbox.put(b, "r1", "");
            awaitGo(b, "go");
            return 1;
        });
        var alsoRunning = executor.submit(() -> {
            Mailbox.put(b, "r2", "");
            awaitGo(b, "go");
            return 2;
        });
        Mailbox.await(b, "r1", LIMIT);
        Mailbox.await(b, "r2", LIMIT);
        var queued = executor.submit(() -> 3); // both workers are busy: it stays queued
        // Release the running tasks only once shutdown has begun (and so cancelled the queue).
        Thread.ofVirtual().start(() -> {
            Await.until("shutdown has begun", LIMIT, executor::isShutdown);
            Mailbox.put(b, "go", "");
        });
        executor.shutdown(true, true);
        assertTrue(executor.isTerminated());
        assertEquals(1, running.get());
        assertEquals(2, alsoRunning.get());
        assertTrue(queued.isCancelled());
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStarted() throws Exception {
        String b = box;
        try (var single = ProcessPoolExecutor.builder().maxWorkers(1).build()) {
            var running = single.submit(() -> {
                Mailbox.put(b, "running", "");
                awaitGo(b, "never");
                return 0;
            });
            Mailbox.await(b, "running", LIMIT);
            single.submit(() -> 1);
            single.submit(() -> 2);
            var neverStarted = single.shutdownNow();
            assertEquals(2, neverStarted.size());
            var e = assertThrows(ExecutionException.class, running::get);
            assertInstanceOf(BrokenProcessPoolException.class, e.getCause());
            assertTrue(single.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void theThreadStartMethodGivesAThreadPoolExecutor() throws Exception {
        try (var threads = ProcessPoolExecutor.builder().maxWorkers(2).startMethod("thread").build()) {
            assertEquals(pid(), threads.submit(ProcessPoolExecutorTest::pid).get());
            Callable<String> plain = () -> "no serialisation needed";
            assertEquals("no serialisation needed", threads.submit(plain).get());
        }
    }

    @Test
    void asCompletedYieldsFuturesAsTheyFinish() {
        String b = box;
        var slow = executor.submit(() -> {
            awaitGo(b, "go");
            return "slow";
        });
        var fast = executor.submit(() -> "fast");
        var it = Futures.asCompleted(List.of(slow, fast, fast), LIMIT);
        assertEquals(fast, it.next());
        Mailbox.put(b, "go", "");
        assertEquals(slow, it.next());
        assertFalse(it.hasNext(), "each distinct future once");
    }
}
