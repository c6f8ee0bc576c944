package org.multiprocessing4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour of {@link Pool} that every start method shares. The tests share one pool of two
 * workers ({@link #pool}, made once per class: booting two worker JVMs for each test was most of
 * the class's time); a test that shuts its pool down, or counts its tasks from 0, makes its own
 * ({@link #fresh}). A test on the shared pool leaves it running and idle.
 */
@ExtendWith(NoLeftoverProcesses.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PoolConformanceTest {

    static final Duration LIMIT = Delays.childLifetime();

    String box;
    /** The pool the tests share, two workers; its JVMs are marked as the class's own (NoLeftoverProcesses). */
    Pool pool;

    abstract String startMethod();

    Pool.Builder builder() {
        return Pool.builder().startMethod(startMethod());
    }

    /** The pools the current test made with {@link #fresh}, terminated after it. */
    final List<Pool> ownPools = new ArrayList<>();

    /** A pool of this test's own, with {@code processes} workers, terminated after the test. */
    Pool fresh(int processes) {
        var p = builder().processes(processes).build();
        ownPools.add(p);
        return p;
    }

    @BeforeAll
    void startSharedPool() {
        pool = builder().processes(2).jvmArgs(NoLeftoverProcesses.CLASS_SCOPED).build();
    }

    @AfterAll
    void stopSharedPool() {
        pool.terminate();
        pool.join();
    }

    @BeforeEach
    void createBox() {
        box = Mailbox.create();
    }

    @AfterEach
    void stopOwnPoolsAndDeleteBox() {
        for (var p : ownPools) {
            p.terminate();
            p.join();
        }
        ownPools.clear();
        Mailbox.delete(box);
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** A task's own work of {@code millis} (not a wait for anything). */
    static void work(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Test
    void mapAsyncTakesItsItemsAtTheCallSoTheCallerMayChangeTheListAfter() {
        var items = new ArrayList<>(range(50));
        var r = pool.mapAsync((Integer x) -> x * 2, items, 3);
        items.replaceAll(x -> -1); // the list is the caller's again once mapAsync returned
        items.clear();
        assertEquals(range(50).stream().map(x -> x * 2).toList(), r.get(LIMIT));
    }

    @Test
    void whileOneWorkerRunsALongTaskOfAMapTheOtherTakesAllTheRest() {
        var pool = fresh(2);
        var ctx = Multiprocessing.getContext(startMethod());
        var both = ctx.barrier(2);
        // Both workers up, each having run a chunk of a map that took 60 ms or more.
        SerializableFunction<Integer, Integer> meet = i -> {
            both.await();
            work(60);
            return i;
        };
        assertEquals(List.of(0, 1), pool.map(meet, List.of(0, 1), 1));
        var release = ctx.event();
        SerializableFunction<Integer, Integer> f = i -> {
            if (i == 0) {
                release.await();
            } else {
                work(60);
            }
            return i;
        };
        var it = pool.imapUnordered(f, range(6), 1);
        var done = new HashSet<Integer>();
        for (int k = 0; k < 5; k++) { // no chunk may wait behind task 0 on its worker (prefetched)
            done.add(it.next(LIMIT));
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), done);
        release.set();
        assertEquals(0, it.next(LIMIT));
        assertFalse(it.hasNext());
    }

    static void awaitGo(String box, String key) {
        Await.until("the test says " + key, Delays.seconds(60), () -> Files.exists(Path.of(box, key)));
    }

    @Test
    void applyReturnsTheValue() {
        int x = 6;
        assertEquals(42, pool.apply(() -> x * 7));
    }

    @Test
    void mapKeepsInputOrderWithAnyChunksize() {
        SerializableFunction<Integer, Integer> square = v -> v * v;
        var expected = range(100).stream().map(v -> v * v).toList();
        assertEquals(expected, pool.map(square, range(100)));
        assertEquals(expected, pool.map(square, range(100), 7));
        assertEquals(expected, pool.map(square, range(100), 1000));
        assertEquals(List.of(), pool.map(square, List.of()));
        var e = assertThrows(IllegalArgumentException.class, () -> pool.map(square, range(3), 0));
        assertTrue(e.getMessage().contains("chunksize must be >= 1: chunksize=0"), e.getMessage());
    }

    @Test
    void starmapUnpacksPairs() {
        SerializableBiFunction<String, Integer, String> repeat = (s, n) -> s.repeat(n);
        var pairs = List.of(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3));
        assertEquals(List.of("a", "bb", "ccc"), pool.starmap(repeat, pairs));
        assertEquals(List.of("a", "bb", "ccc"), pool.starmapAsync(repeat, pairs, 2).get(LIMIT));
    }

    @Test
    void aFailingTaskFailsItsOwnResultWithTheRemoteTrace() {
        SerializableFunction<Integer, Integer> f = v -> {
            if (v == 3) {
                throw new IllegalStateException("three is not allowed");
            }
            return v;
        };
        var e = assertThrows(IllegalStateException.class, () -> pool.map(f, range(6), 1), "the task's own type, as in CPython");
        assertEquals("three is not allowed", e.getMessage());
        assertWorkerThenCallerFrames(e, "Pool.map", "item 3"); // its index in the input (issue 18: an internal counter)
        var reported = new java.util.concurrent.CompletableFuture<Throwable>();
        pool.mapAsync(f, range(6), 2, null, reported::complete);
        var remote = assertInstanceOf(RemoteExecutionException.class, reported.join());
        assertTrue(remote.getMessage().startsWith("item 3 failed in "), remote.getMessage());

        var it = pool.imap(f, range(6));
        List<Object> seen = new ArrayList<>();
        while (it.hasNext()) {
            try {
                seen.add(it.next());
            } catch (IllegalStateException failed) {
                assertWorkerThenCallerFrames(failed, "ImapIterator.next", "item 3");
                seen.add("failed");
            }
        }
        assertEquals(List.of(0, 1, 2, "failed", 4, 5), seen, "imap raises at the failing position only");
        assertEquals(7, pool.apply(() -> 7), "the pool keeps working");
    }

    /**
     * The trace of a task's exception re-thrown here: where it was thrown (the test's lambda),
     * the {@code <pool worker>.call} marker once, then this caller's frames (the {@code caller}
     * method among them).
     */
    static void assertWorkerThenCallerFrames(Throwable e, String caller) {
        assertWorkerThenCallerFrames(e, caller, null);
    }

    /** The same, and the marker names {@code task} as the caller numbers it ("item 3", "task 0"). */
    static void assertWorkerThenCallerFrames(Throwable e, String caller, String task) {
        var frames = List.of(e.getStackTrace()).stream().map(StackTraceElement::toString).toList();
        var markers = IntStream.range(0, frames.size()).filter(i -> frames.get(i).startsWith("<pool worker>.call(")).toArray();
        assertEquals(1, markers.length, "one marker after the worker's frames: " + frames);
        int marker = markers[0];
        if (task != null) {
            assertEquals("<pool worker>.call(" + task + ")", frames.get(marker), "the marker names the task");
        }
        assertTrue(frames.subList(0, marker).stream().anyMatch(fr -> fr.contains("PoolConformanceTest.lambda")),
                "the worker's frames, from where the task threw: " + frames);
        assertTrue(frames.subList(marker, frames.size()).stream().anyMatch(fr -> fr.contains(caller)),
                "the caller's frames are kept: " + frames);
    }

    @Test
    void applyAndGetRethrowTheTasksOwnUncheckedException() throws Exception {
        applyAndGetRethrowTheTasksOwnUncheckedException(fresh(1)); // its own: tasks are numbered from 0 in each pool
    }

    private void applyAndGetRethrowTheTasksOwnUncheckedException(Pool pool) throws Exception {
        SerializableCallable<Integer> bad = () -> {
            throw new IllegalArgumentException("bad argument in the task");
        };
        var e = assertThrows(IllegalArgumentException.class, () -> pool.apply(bad));
        assertEquals("bad argument in the task", e.getMessage());
        assertWorkerThenCallerFrames(e, "Pool.apply", "task 0"); // numbered in the order of submission, from 0

        var r = pool.applyAsync(bad);
        var first = assertThrows(IllegalArgumentException.class, () -> r.get(LIMIT));
        var again = assertThrows(IllegalArgumentException.class, () -> r.get(LIMIT));
        assertWorkerThenCallerFrames(again, "AsyncResultImpl.get", "task 1");
        assertEquals(first.getMessage(), again.getMessage());
        var ee = assertThrows(ExecutionException.class, r::get, "the Future form keeps ExecutionException");
        assertInstanceOf(IllegalArgumentException.class, ee.getCause());
        assertTrue(ee.getMessage().startsWith("task 1 failed in "), ee.getMessage());

        SerializableCallable<Integer> failsAssertion = () -> {
            throw new AssertionError("an Error is unchecked too");
        };
        var error = assertThrows(AssertionError.class, () -> pool.apply(failsAssertion));
        assertWorkerThenCallerFrames(error, "Pool.apply");

        SerializableCallable<Integer> checked = () -> {
            throw new java.io.IOException("checked in the task");
        };
        var wrapped = assertThrows(RemoteExecutionException.class, () -> pool.apply(checked), "only checked ones are wrapped");
        assertEquals(java.io.IOException.class.getName(), wrapped.remoteClassName());
        assertInstanceOf(java.io.IOException.class, wrapped.getCause());
        assertTrue(List.of(wrapped.getCause().getStackTrace()).toString().contains("PoolConformanceTest"),
                "the cause carries the stack trace from where the task threw");
    }

    @Test
    void asyncResultsCanBeWaitedForRetriedAndInspected() throws Exception {
        String b = box;
        var r = pool.applyAsync(() -> {
            awaitGo(b, "go");
            return "done";
        });
        assertFalse(r.ready());
        assertThrows(IllegalStateException.class, r::successful);
        assertThrows(WaitTimeoutException.class, () -> r.get(Duration.ofMillis(50)));
        assertFalse(r.waitFor(Duration.ofMillis(10)));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> r.get(10, TimeUnit.MILLISECONDS));
        Mailbox.put(b, "go", "");
        assertEquals("done", r.get(LIMIT), "a timed get can be retried");
        assertTrue(r.ready() && r.successful() && r.isDone());
        assertEquals("done", r.get());
        assertFalse(r.cancel(true));

        var failing = pool.applyAsync(() -> {
            throw new UnsupportedOperationException("nope");
        });
        var ee = assertThrows(ExecutionException.class, failing::get);
        assertInstanceOf(UnsupportedOperationException.class, ee.getCause(), "Future.get's cause is the task's own exception");
        assertFalse(failing.successful());
    }

    @Test
    void callbacksRunInThisProcessWithTheValueOrTheFailure() throws Exception {
        var value = new AtomicReference<Object>();
        var error = new AtomicReference<Throwable>();
        var thread = new AtomicReference<String>();
        var done = new CountDownLatch(3);
        pool.applyAsync(() -> 5, v -> {
            value.set(v);
            thread.set(Thread.currentThread().getName());
            done.countDown();
        }, null);
        pool.applyAsync(() -> {
            throw new IllegalArgumentException("bad");
        }, null, t -> {
            error.set(t);
            done.countDown();
        });
        SerializableFunction<Integer, Integer> inc = v -> v + 1;
        var mapped = new AtomicReference<List<Integer>>();
        pool.mapAsync(inc, range(3), 1, list -> {
            mapped.set(list);
            done.countDown();
        }, null);
        assertTrue(done.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(5, value.get());
        assertEquals("mp4j-pool-results", thread.get());
        assertInstanceOf(RemoteExecutionException.class, error.get());
        assertEquals(List.of(1, 2, 3), mapped.get());
    }

    @Test
    void imapUnorderedYieldsEveryResultOnce() {
        SerializableFunction<Integer, Integer> twice = v -> 2 * v;
        Set<Integer> seen = new HashSet<>();
        var it = pool.imapUnordered(twice, range(50), 3);
        it.forEachRemaining(v -> assertTrue(seen.add(v), "duplicate " + v));
        assertEquals(range(50).stream().map(v -> 2 * v).collect(java.util.stream.Collectors.toSet()), seen);
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void theLastChunksOfAMapGoToWhicheverWorkerIsFreeFirst() {
        // Three one-item chunks on the two workers: the first waits until the other two are
        // done, which it only sees if neither of them waits behind it (prefetched by its worker).
        Event release = Multiprocessing.getContext(startMethod()).event();
        SerializableFunction<Integer, Integer> fn = v -> {
            if (v == 0 && !release.await(LIMIT)) {
                throw new IllegalStateException("never released");
            }
            return v;
        };
        try {
            var it = pool.imapUnordered(fn, List.of(0, 1, 2), 1);
            assertEquals(Set.of(1, 2), Set.of(it.next(LIMIT), it.next(LIMIT)));
            release.set();
            assertEquals(0, it.next(LIMIT));
        } finally {
            release.set(); // the shared pool is left idle
        }
    }

    @Test
    void imapReadsItsInputLazily() {
        var produced = new AtomicInteger();
        Iterator<Integer> endless = new Iterator<>() {
            public boolean hasNext() {
                return true;
            }

            public Integer next() {
                return produced.incrementAndGet();
            }
        };
        SerializableFunction<Integer, Integer> id = v -> v;
        var it = pool.imap(id, () -> endless, 2);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, it.next(LIMIT));
        }
        // The feeder may run ahead of the consumer by its window of 16 chunks of 2 items, not further.
        int ahead = produced.get() - 10;
        assertTrue(ahead <= 16 * 2, "the feeder read " + produced.get() + " items for 10 results");
    }

    @Test
    void aFailingInputIteratorRaisesWhereTheInputStopped() {
        Iterator<Integer> failing = new Iterator<>() {
            int i;

            public boolean hasNext() {
                return true;
            }

            public Integer next() {
                if (i == 3) {
                    throw new IllegalStateException("input broke");
                }
                return i++;
            }
        };
        SerializableFunction<Integer, Integer> id = v -> v;
        var it = pool.imap(id, () -> failing);
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        assertEquals(2, it.next());
        assertTrue(it.hasNext());
        var e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("input broke", e.getMessage());
        assertFalse(it.hasNext());
        var mapError = assertThrows(IllegalStateException.class, () -> pool.map(id, () -> failing));
        assertEquals("input broke", mapError.getMessage(), "map raises the input's exception in the caller");
    }

    @Test
    void anInputIteratorThrowingAnErrorEndsImapAfterTheGoodItems() {
        for (boolean ordered : List.of(true, false)) {
            Iterator<Integer> failing = new Iterator<>() {
                int i;

                public boolean hasNext() {
                    return true;
                }

                public Integer next() {
                    if (i == 2) {
                        throw new AssertionError("expected by the test: the input fails with an Error");
                    }
                    return i++;
                }
            };
            SerializableFunction<Integer, Integer> id = v -> v;
            var it = ordered ? pool.imap(id, () -> failing, 2) : pool.imapUnordered(id, () -> failing, 2);
            var good = new HashSet<Integer>();
            good.add(it.next(LIMIT));
            good.add(it.next(LIMIT));
            assertEquals(Set.of(0, 1), good, "the results of the good items come first");
            var e = assertThrows(AssertionError.class, () -> it.next(LIMIT), "then the input's own exception, not a wait");
            assertTrue(e.getMessage().contains("the input fails"), e.getMessage());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void nextWithATimeoutCanBeRetried() {
        String b = box;
        SerializableFunction<Integer, Integer> slow = v -> {
            awaitGo(b, "go");
            return v;
        };
        var it = pool.imap(slow, range(1));
        assertThrows(WaitTimeoutException.class, () -> it.next(Duration.ofMillis(50)));
        Mailbox.put(b, "go", "");
        assertEquals(0, it.next(LIMIT));
    }

    @Test
    void theInitializerRunsInEveryWorkerBeforeItsTasks() {
        String b = box;
        try (var p = builder().processes(2).initializer(() -> Mailbox.put(b, "init-" + Thread.currentThread().threadId()
                + "-" + ProcessHandle.current().pid(), "")).build()) {
            assertEquals(1, p.apply(() -> 1));
            Await.until("both workers initialised", LIMIT, () -> new java.io.File(b).list().length >= 2);
        }
    }

    @Test
    void afterShutdownNoTasksAreAcceptedAndQueuedOnesFinish() {
        String b = box;
        var pool = fresh(1); // its own: this one is shut down
        var r = pool.applyAsync(() -> {
            awaitGo(b, "go");
            return 1;
        });
        pool.shutdown();
        var e = assertThrows(IllegalStateException.class, () -> pool.apply(() -> 2));
        assertTrue(e.getMessage().contains("pool not running"), e.getMessage());
        assertFalse(pool.join(Duration.ofMillis(50)), "a queued task keeps the pool alive");
        Mailbox.put(b, "go", "");
        assertEquals(1, r.get(LIMIT));
        assertTrue(pool.join(LIMIT));
        pool.close(); // idempotent
    }

    @Test
    void joinBeforeShutdownIsRefused() {
        var e = assertThrows(IllegalStateException.class, () -> pool.join());
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
    }

    @Test
    void terminateFailsWhatIsNotDone() {
        String b = box;
        var pool = fresh(1); // its own: this one is terminated
        SerializableCallable<Integer> blocked = () -> {
            awaitGo(b, "never");
            return 0;
        };
        var running = pool.applyAsync(blocked);
        var queued = List.of(pool.applyAsync(blocked), pool.applyAsync(blocked), pool.applyAsync(blocked));
        pool.terminate();
        assertThrows(BrokenPoolException.class, () -> running.get(LIMIT));
        for (var q : queued) {
            var e = assertThrows(BrokenPoolException.class, () -> q.get(LIMIT));
            assertTrue(e.getMessage().contains("terminated"), e.getMessage());
        }
        assertTrue(pool.join(LIMIT));
    }

    @Test
    void maxTasksPerChildReplacesWorkers() {
        try (var p = builder().processes(1).maxTasksPerChild(2).build()) {
            SerializableFunction<Integer, Integer> id = v -> v;
            assertEquals(range(6), p.map(id, range(6), 1), "replacing workers loses nothing");
        }
    }

    @Test
    void invalidSettingsAreRefusedNamingTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pool.builder().processes(0))
                .getMessage().contains("processes must be >= 1: processes=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pool.builder().maxTasksPerChild(-1))
                .getMessage().contains("maxTasksPerChild"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pool.builder().maxTasksPerChild(0))
                .getMessage().contains("maxTasksPerChild must be a positive number (leave it unset for no limit): maxTasksPerChild=0"),
                "CPython: maxtasksperchild must be a positive int or None");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pool.builder().taskTimeout(Duration.ZERO))
                .getMessage().contains("taskTimeout must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pool.builder().memoryLimit(1024))
                .getMessage().contains("memoryLimit"));
    }
}
