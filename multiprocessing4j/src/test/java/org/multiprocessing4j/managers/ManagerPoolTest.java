package org.multiprocessing4j.managers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.RemoteExecutionException;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code manager.pool(n)}: an ordinary {@link Pool} whose workers the manager's process runs,
 * reporting outcomes exactly as a local pool does.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ManagerPoolTest {

    static final Duration LIMIT = Children.LIMIT;
    SyncManager manager;
    Pool pool;

    @BeforeEach
    void start() {
        manager = Manager.start();
        pool = manager.pool(2);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.terminate();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void itsWorkersAreChildrenOfTheManagerCallbacksRunHereAndFailuresReadAsLocally() throws Exception {
        long managerPid = manager.process().pid();
        assertEquals(2, pool.processes());
        assertEquals(managerPid, (long) pool.apply(() -> ProcessHandle.current().parent().orElseThrow().pid()));
        SerializableFunction<Integer, Integer> square = x -> x * x;
        assertEquals(List.of(1, 4, 9, 16, 25), pool.map(square, List.of(1, 2, 3, 4, 5), 2));
        assertEquals(List.of(3, 7), pool.starmap((Integer a, Integer b) -> a + b, List.of(Map.entry(1, 2), Map.entry(3, 4))));
        var seen = new CompletableFuture<String>();
        var result = pool.applyAsync(() -> "done", v -> seen.complete(Thread.currentThread().getName() + ":" + v), null);
        assertEquals("done", result.get(LIMIT));
        String callback = seen.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(callback.startsWith("mp4j-manager-pool-results:"), callback); // run here, on the result thread

        // task exceptions are reported as by a local pool
        var unchecked = assertThrows(IllegalArgumentException.class, () -> pool.apply(() -> {
            throw new IllegalArgumentException("bad input 7");
        }));
        assertEquals("bad input 7", unchecked.getMessage());
        var checked = assertThrows(RemoteExecutionException.class, () -> pool.apply(() -> {
            throw new IOException("disk gone");
        }));
        assertInstanceOf(IOException.class, checked.getCause());
        var failed = new CompletableFuture<Throwable>();
        pool.applyAsync(() -> {
            throw new IllegalStateException("async");
        }, null, failed::complete);
        Throwable reported = failed.join(); // as a local pool reports it: the task's exception inside
        assertInstanceOf(RemoteExecutionException.class, reported);
        assertInstanceOf(IllegalStateException.class, reported.getCause());
        assertEquals("async", reported.getCause().getMessage());

        // an unsendable task fails in the caller, and nothing is queued
        Thread local = Thread.currentThread(); // a thread cannot travel
        assertThrows(SerializationException.class, () -> pool.apply(() -> local.hashCode()));
        assertEquals(1, pool.apply(() -> 1));
        assertEquals("processes must be >= 1: processes=0",
                assertThrows(IllegalArgumentException.class, () -> manager.pool(0)).getMessage());
    }

    @Test
    void imapYieldsInOrderAndAChildUsesThePoolItWasGiven() {
        SerializableFunction<Integer, Integer> f = x -> {
            if (x == 3) {
                throw new IllegalStateException("item 3");
            }
            return x * 10;
        };
        ResultIterator<Integer> it = pool.imap(f, List.of(1, 2, 3, 4, 5), 2);
        assertEquals(10, it.next(LIMIT));
        assertEquals(20, it.next(LIMIT));
        assertEquals("item 3", assertThrows(IllegalStateException.class, () -> it.next(LIMIT)).getMessage());
        assertEquals(40, it.next(LIMIT));
        assertEquals(50, it.next(LIMIT));
        assertFalse(it.hasNext());
        var unordered = new ArrayList<Integer>();
        pool.imapUnordered((Integer x) -> x + 1, List.of(1, 2, 3, 4)).forEachRemaining(unordered::add);
        unordered.sort(null);
        assertEquals(List.of(2, 3, 4, 5), unordered);

        // a child uses the pool it was given; a local pool cannot travel
        var results = manager.<Object>queue();
        Pool shared = pool;
        var child = new org.multiprocessing4j.Process(() -> results.put(shared.map((Integer x) -> x * 3, List.of(1, 2))));
        child.start();
        assertEquals(List.of(3, 6), results.get(LIMIT));
        child.join(LIMIT);
        assertEquals(0, child.exitCode());

        try (Pool local = org.multiprocessing4j.Multiprocessing.getContext("thread").pool(1)) {
            var refused = new org.multiprocessing4j.Process(() -> local.apply(() -> 1));
            var e = assertThrows(SerializationException.class, refused::start);
            assertTrue(e.getMessage().contains("manager.pool(n)"), e.getMessage());
        }
    }

    @Test
    void closeLetsQueuedWorkFinishAndTerminateFailsIt() throws Exception {
        Pool own = manager.pool(1);
        var gate = manager.event();
        var first = own.applyAsync(() -> {
            gate.await(Duration.ofSeconds(30));
            return "first";
        });
        var queued = own.applyAsync(() -> "queued");
        own.shutdown();
        assertThrows(IllegalStateException.class, () -> own.apply(() -> 1));
        gate.set();
        own.join();
        assertEquals("first", first.get(LIMIT));
        assertEquals("queued", queued.get(LIMIT));

        assertThrows(IllegalStateException.class, () -> pool.join(Duration.ZERO)); // still running
        var started = manager.semaphore(0);
        var running = new ArrayList<org.multiprocessing4j.AsyncResult<String>>();
        for (int i = 0; i < pool.processes(); i++) {
            running.add(pool.applyAsync(() -> {
                started.release();
                Thread.sleep(60_000);
                return "never";
            }));
        }
        var waiting = pool.applyAsync(() -> "never either"); // every worker is busy: it waits in this process
        for (int i = 0; i < pool.processes(); i++) {
            assertTrue(started.acquire(LIMIT));
        }
        pool.terminate();
        assertThrows(org.multiprocessing4j.BrokenPoolException.class, () -> waiting.get(LIMIT));
        for (var r : running) {
            assertThrows(RuntimeException.class, () -> r.get(LIMIT));
        }
        assertTrue(pool.join(LIMIT));
    }

}
