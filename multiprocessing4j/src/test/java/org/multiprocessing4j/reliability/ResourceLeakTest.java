package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.managers.ManagedProxy;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.sharedmemory.SharedMemory;
import org.multiprocessing4j.internal.wire.Serializers;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open file descriptors (entries of {@code /proc/self/fd}) do not grow across create/use/close
 * cycles of every primitive, and no cycle leaves a file in the session directory or in
 * {@code /dev/shm}. Each primitive first runs a few warm-up cycles (lazily created runtime
 * parts: the control server, selectors, the watchdog), then the measured ones.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class ResourceLeakTest {

    /** Cycles for the light primitives (the brief's 1 000; 5 000 in soak mode). */
    static final int CYCLES = Reliability.count(1_000, 5_000);
    /**
     * Cycles of a spawn {@code Pool} of one worker: each boots a worker JVM (~0.5-1 s of CPU on
     * this 2-core machine), so 1 000 would take a quarter of an hour. 3 in CI, 50 in soak mode;
     * the thread-pool variant covers the pool's own bookkeeping 200 (2 000) times.
     */
    static final int SPAWN_POOL_CYCLES = Reliability.count(3, 50);
    static final int THREAD_POOL_CYCLES = Reliability.count(200, 2_000);
    /** Spawned child JVMs, likewise costly: 6 in CI, 100 in soak mode. */
    static final int SPAWN_PROCESS_CYCLES = Reliability.count(6, 100);
    /** Manager starts: each boots a server JVM, like a spawn pool. */
    static final int MANAGER_CYCLES = Reliability.count(3, 50);
    /** Threads that each make one manager call (each opens a connection of its own). */
    static final int THREAD_CYCLES = Reliability.count(200, 2_000);
    static final Duration LIMIT = Delays.seconds(30);
    /** Descriptors that may come and go on their own (JIT, GC, class loading, surefire). */
    static final int SLACK = 6;

    /**
     * A shared object that never left its process releases its segment (file and mapping) once
     * it is unreachable; the cleaner runs after a collection, so the test collects and waits.
     */
    @Test
    void sharedObjectsReleaseTheirSegmentsWhenUnreachable() {
        for (int i = 0; i < 10; i++) {
            Multiprocessing.lock();
        }
        long before = segmentFiles();
        for (int i = 0; i < CYCLES; i++) {
            Multiprocessing.lock().acquire(false);
            Value.ofInt(i);
        }
        Await.until("the segments of unreachable shared objects are removed", Delays.seconds(20), () -> {
            System.gc();
            return segmentFiles() - before < CYCLES / 10;
        });
    }

    /**
     * A shared object whose reference was serialised (it may be on its way to another process)
     * keeps its segment when its creator drops it: the receiver can still attach it.
     */
    @Test
    void aSerialisedSharedObjectOutlivesItsCreatorsReference() {
        Set<String> before = Reliability.sessionFiles();
        byte[] fory = Serializers.byName("fory", false).encode(Value.ofInt(41, false));
        byte[] jdk = Serializers.byName("jdk", false).encode(Value.ofInt(42, false));
        Value.ofInt(0, false); // never serialised: its file goes, which shows the cleaner has run
        Await.until("the unsent value's segment is removed", Delays.seconds(20), () -> {
            System.gc();
            var added = new TreeSet<>(Reliability.sessionFiles());
            added.removeAll(before);
            return added.size() == 2;
        });
        var a = (IntValue) Serializers.byName("fory", false).decode(fory);
        var b = (IntValue) Serializers.byName("jdk", false).decode(jdk);
        assertEquals(41, a.get());
        assertEquals(42, b.get());
    }

    private static long segmentFiles() {
        return Reliability.sessionFiles().stream().filter(n -> n.startsWith("seg-")).count();
    }

    private static void assertNoFdGrowth(String what, int warmUp, int cycles, IntConsumer cycle) {
        for (int i = 0; i < warmUp; i++) {
            cycle.accept(i);
        }
        int before = Reliability.openFds();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle.accept(i);
        }
        int after = Reliability.openFds();
        System.out.printf("[reliability] %s: %d cycles in %d ms, fds %d -> %d%n", what, cycles,
                (System.nanoTime() - start) / 1_000_000, before, after);
        assertTrue(after - before <= SLACK, what + ": open file descriptors grew from " + before + " to " + after
                + " over " + cycles + " cycles");
    }

    @Test
    void locksAndSemaphores() {
        assertNoFdGrowth("Lock", 10, CYCLES, i -> {
            var l = Multiprocessing.lock();
            l.acquire();
            l.release();
        });
        assertNoFdGrowth("RLock", 10, CYCLES, i -> {
            var l = Multiprocessing.rLock();
            l.acquire();
            l.acquire();
            l.release();
            l.release();
        });
        assertNoFdGrowth("Semaphore", 10, CYCLES, i -> {
            var s = Multiprocessing.semaphore(1);
            s.acquire();
            s.release();
        });
        assertNoFdGrowth("BoundedSemaphore", 10, CYCLES, i -> {
            var s = Multiprocessing.boundedSemaphore(1);
            s.acquire();
            s.release();
        });
    }

    @Test
    void conditionsEventsAndBarriers() {
        assertNoFdGrowth("Condition", 10, CYCLES, i -> {
            var c = Multiprocessing.condition();
            c.acquire();
            c.signalAll();
            c.await(Duration.ZERO);
            c.release();
        });
        assertNoFdGrowth("Event", 10, CYCLES, i -> {
            var e = Multiprocessing.event();
            e.set();
            e.await();
            e.clear();
        });
        assertNoFdGrowth("Barrier", 10, CYCLES, i -> {
            Barrier b = Multiprocessing.barrier(1);
            b.await();
        });
    }

    @Test
    void valuesArraysAndSharedMemory() {
        Set<String> blocksBefore = Reliability.namedBlocks();
        assertNoFdGrowth("Value", 10, CYCLES, i -> {
            var v = Value.ofLong(i);
            v.getLock().acquire();
            v.set(v.get() + 1);
            v.getLock().release();
        });
        assertNoFdGrowth("SharedArray", 10, CYCLES, i -> {
            var a = SharedArray.ofInts(16);
            a.set(3, i);
        });
        assertNoFdGrowth("SharedMemory create/close/unlink", 10, CYCLES, i -> {
            var shm = SharedMemory.create(4096);
            shm.buffer().putInt(0, i);
            try (var again = SharedMemory.attach(shm.name())) {
                assertEquals(i, again.buffer().getInt(0));
            }
            shm.close();
            shm.unlink();
        });
        var left = new TreeSet<>(Reliability.namedBlocks());
        left.removeAll(blocksBefore);
        assertEquals(Set.of(), left, "named blocks left in /dev/shm");
    }

    @Test
    void pipes() {
        assertNoFdGrowth("Pipe (duplex)", 10, CYCLES, i -> {
            try (Pipe p = Pipe.open()) {
                p.left().send(i);
                assertEquals(i, (int) p.right().recv());
            }
        });
        assertNoFdGrowth("Pipe (one-way)", 10, CYCLES, i -> {
            try (Pipe p = Pipe.open(false)) {
                p.right().sendBytes(new byte[] {(byte) i});
                assertEquals(1, p.left().recvBytes().length);
            }
        });
    }

    @Test
    void listenersAndClients() {
        byte[] key = "leak-test-key".getBytes();
        assertNoFdGrowth("Listener/Client (Unix)", 10, CYCLES, i -> {
            try (var l = new Listener()) {
                roundTrip(l, Multiprocessing.currentProcess().authkey(), i);
            }
        });
        try (var l = new Listener(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), key)) {
            assertNoFdGrowth("Client on one TCP Listener", 10, CYCLES / 4, i -> roundTrip(l, key, i));
        }
    }

    private static void roundTrip(Listener l, byte[] key, int i) {
        var accepted = CompletableFuture.supplyAsync(l::accept);
        try (Connection c = Client.connect(l.address(), key); Connection s = accepted.join()) {
            c.send(i);
            assertEquals(i, (int) s.recv());
        }
    }

    @Test
    void pools() {
        Context threads = Multiprocessing.getContext("thread");
        assertNoFdGrowth("Pool (thread, 2 workers)", 3, THREAD_POOL_CYCLES, i -> {
            try (Pool p = threads.pool(2)) {
                assertEquals(List.of(i, i + 1), p.map((Integer x) -> x, List.of(i, i + 1)));
            }
        });
        assertNoFdGrowth("Pool (spawn, 1 worker)", 1, SPAWN_POOL_CYCLES, i -> {
            try (Pool p = Pool.builder().processes(1).jvmArgs("-Xmx64m").build()) {
                assertEquals(i, p.apply(() -> i));
            }
        });
    }

    @Test
    void queues() {
        int threadsBefore = Thread.activeCount();
        assertNoFdGrowth("Queue (unbounded: feeder started and joined)", 10, CYCLES, i -> useAndClose(Multiprocessing.queue(), i));
        assertNoFdGrowth("Queue (bounded)", 10, CYCLES, i -> useAndClose(Multiprocessing.queue(2), i));
        assertNoFdGrowth("JoinableQueue", 10, CYCLES, i -> useAndClose(Multiprocessing.joinableQueue(), i));
        assertNoFdGrowth("SimpleQueue", 10, CYCLES, i -> {
            SimpleQueue<Integer> q = Multiprocessing.simpleQueue();
            q.put(i);
            assertEquals(i, q.get());
            q.close();
        });
        // every feeder thread ended with its queue
        Await.until("the feeder threads have ended", LIMIT, () -> Thread.activeCount() <= threadsBefore + SLACK);
    }

    /** Two items: an unbounded queue writes the first itself (empty ring) and hands the second to its feeder. */
    private static void useAndClose(Queue<Integer> q, int i) {
        q.put(i);
        q.put(-i);
        assertEquals(i, q.get(LIMIT));
        assertEquals(-i, q.get(LIMIT));
        if (q instanceof JoinableQueue<Integer> j) {
            j.taskDone();
            j.taskDone();
            j.join();
        }
        q.close();
        q.joinThread();
    }

    @Test
    void managersAndProxies() {
        assertNoFdGrowth("Manager (start, use, close)", 1, MANAGER_CYCLES, i -> {
            try (SyncManager m = Manager.start()) {
                ConcurrentMap<String, Integer> d = m.dict();
                d.put("i", i);
                assertEquals(i, d.get("i"));
            }
        });
        try (SyncManager m = Manager.start()) {
            int objectsBefore = m.objectCount();
            assertNoFdGrowth("manager proxies (dict, list, queue, lock: create, use, close)", 10, CYCLES, i -> {
                ConcurrentMap<String, Integer> d = m.dict();
                List<Integer> l = m.list();
                Queue<Integer> q = m.queue();
                java.util.concurrent.locks.Lock lock = m.lock();
                d.put("i", i);
                l.add(i);
                q.put(i);
                lock.lock();
                lock.unlock();
                assertEquals(i, q.get());
                for (Object proxy : List.of(d, l, q, lock)) {
                    ((ManagedProxy) proxy).close();
                }
            });
            assertEquals(objectsBefore, m.objectCount(), "the server released every closed proxy's object");
            // a connection per client thread: those of ended threads are closed, not kept
            ConcurrentMap<String, Integer> shared = m.dict();
            assertNoFdGrowth("manager calls from short-lived threads", 10, THREAD_CYCLES, i -> {
                var t = Thread.ofPlatform().start(() -> shared.put("t", i));
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            ((ManagedProxy) shared).close();
            assertEquals(objectsBefore, m.objectCount(), "and the last one");
        }
    }

    @Test
    void processes() {
        Context threads = Multiprocessing.getContext("thread");
        var counter = Value.ofInt(0, false);
        assertNoFdGrowth("Process (thread)", 10, CYCLES, i -> {
            Process p = threads.process(counter::incrementAndGet);
            p.start();
            assertTrue(p.join(Delays.childLifetime()));
            p.close();
        });
        assertEquals(10 + CYCLES, counter.get());
        counter.set(0);
        assertNoFdGrowth("Process (spawn)", 1, SPAWN_PROCESS_CYCLES, i -> {
            Process p = Process.builder().target(counter::incrementAndGet).jvmArgs("-Xmx32m").build();
            p.start();
            assertTrue(p.join(Delays.childLifetime()));
            assertEquals(0, p.exitCode());
            p.close();
        });
        assertEquals(1 + SPAWN_PROCESS_CYCLES, counter.get());
    }
}
