package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.OutputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BaseManager}: registered types, nesting, passing proxies around, remote use, failures. */
@ExtendWith(NoLeftoverProcesses.class)
class BaseManagerTest {

    static final Duration LIMIT = Children.LIMIT;

    /** A user type. */
    /** Runs a garbage collection in the manager's JVM (whose collector releases the proxies it holds). */
    public interface Collector {
        void collect();
    }

    static final class CollectorImpl implements Collector {
        @Override
        public void collect() {
            System.gc();
        }
    }

    public interface Counter {
        int increment(int by);

        int value();

        void fail(String message);
    }

    /** Thrown on the server by {@link Counter#fail}; loadable on both sides. */
    public static final class CounterException extends RuntimeException {
        public CounterException(String message) {
            super(message);
        }
    }

    static final class CounterImpl implements Counter {
        private int value;

        CounterImpl() {
            this(0);
        }

        CounterImpl(int start) {
            this.value = start;
        }

        @Override
        public synchronized int increment(int by) {
            value += by;
            return value;
        }

        @Override
        public synchronized int value() {
            return value;
        }

        @Override
        public void fail(String message) {
            throw new CounterException(message);
        }
    }

    /** The queue a remote manager serves: one per server JVM. */
    static final class Jobs {
        static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

        static BlockingQueue<Object> get() {
            return QUEUE;
        }
    }

    /** Not on the default allow-list of network managers. */
    record Point(int x, int y) implements Serializable {}

    @Test
    void registeredTypesNestingAndRelease() {
        var manager = SyncManager.builder().build();
        manager.register("counter", Counter.class, CounterImpl.class);
        manager.register("counter0", Counter.class, (Supplier<Counter> & Serializable) CounterImpl::new);
        manager.register("collector", Collector.class, CollectorImpl.class);
        try (manager) {
            manager.start();
            Collector serverGc = manager.create("collector", Collector.class);
            Counter c = manager.create("counter", Counter.class, 40);
            assertEquals(42, c.increment(2));
            Counter c0 = manager.create("counter0", Counter.class);
            assertEquals(1, c0.increment(1));
            ((ManagedProxy) c0).close(); // not left to the collector: the counts below are exact
            var e = assertThrows(CounterException.class, () -> c.fail("bad"));
            assertEquals("bad", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> manager.create("counter", Counter.class, "x"));
            assertThrows(IllegalArgumentException.class, () -> manager.create("nope", Counter.class));
            Children.run(() -> c.increment(100));
            assertEquals(142, c.value());

            // nesting: a proxy inside a proxy stays shared; a plain list inside is a copy
            ConcurrentMap<String, Object> dict = manager.dict();
            List<String> shared = manager.list();
            dict.put("shared", shared);
            dict.put("plain", new ArrayList<>(List.of("a")));
            Children.run(() -> {
                @SuppressWarnings("unchecked")
                List<String> inner = (List<String>) dict.get("shared");
                inner.add("from child");
                @SuppressWarnings("unchecked")
                List<String> plain = (List<String>) dict.get("plain");
                plain.add("lost");
            });
            assertEquals(List.of("from child"), new ArrayList<>(shared));
            assertEquals(List.of("a"), dict.get("plain"));

            // release: closing the proxies drops the objects; the dict keeps the nested list alive
            int before = manager.objectCount();
            ((ManagedProxy) shared).close();
            assertEquals(before, manager.objectCount());
            assertThrows(IllegalStateException.class, shared::size);
            dict.remove("shared");
            // the dict held a proxy of the list in the manager's JVM, and remove() returned one
            // here: the collectors of both JVMs release them
            Await.until("the nested list released after removal", LIMIT, () -> {
                serverGc.collect();
                System.gc();
                return manager.objectCount() == before - 1;
            });
            ((ManagedProxy) dict).close(); // the children released theirs when they exited
            Await.until("the dict released", LIMIT, () -> manager.objectCount() == before - 2);
            // garbage collection of the last proxy releases as well
            manager.create("counter", Counter.class, 1);
            Await.until("a collected proxy released", LIMIT, () -> {
                System.gc();
                return manager.objectCount() == before - 2;
            });
        }
    }

    @Test
    void proxiesTravelToPoolWorkers() {
        try (SyncManager manager = Manager.start(); Pool pool = Pool.builder().processes(2).build()) {
            Queue<String> q = manager.queue();
            ConcurrentMap<Integer, Integer> squares = manager.dict();
            SerializableFunction<Integer, Integer> task = i -> {
                squares.put(i, i * i);
                q.put("done " + i);
                return i;
            };
            assertEquals(List.of(0, 1, 2, 3), pool.map(task, List.of(0, 1, 2, 3)));
            assertEquals(Map.of(0, 0, 1, 1, 2, 4, 3, 9), Map.copyOf(squares));
            var got = new ArrayList<String>();
            for (int i = 0; i < 4; i++) {
                got.add(q.get(LIMIT));
            }
            got.sort(null);
            assertEquals(List.of("done 0", "done 1", "done 2", "done 3"), got);
        }
    }

    @Test
    void remoteManagerOnTcpWithKeysAndAllowList() throws Exception {
        byte[] key = "abracadabra".getBytes();
        var manager = BaseManager.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .authkey(key).build();
        manager.register("jobs", BlockingQueue.class, (Supplier<BlockingQueue<?>> & Serializable) Jobs::get);
        manager.register("counter", Counter.class, CounterImpl.class);
        try (manager) {
            manager.start();
            var address = (InetSocketAddress) manager.address();
            assertTrue(address.getPort() > 0);

            // garbage on the port and a wrong key are refused; the server keeps serving, and a
            // peer that connects and stays silent delays nobody (it is cut off after 20 s)
            var silent = new Socket(address.getAddress(), address.getPort());
            try (var s = new Socket(address.getAddress(), address.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0, 0, 0, 9, 'g', 'a', 'r', 'b', 'a', 'g', 'e', '!', '!'});
                out.flush();
                s.setSoTimeout(10_000); // well below the 20 s a silent peer may hold its own handshake
                s.getInputStream().readAllBytes(); // returns once the server has cut us off
            }
            var wrong = BaseManager.builder().address(address).authkey("wrong".getBytes()).build();
            assertThrows(AuthenticationException.class, wrong::connect);

            // a client in another JVM connects by address and key
            String host = address.getHostString();
            int port = address.getPort();
            Children.run(() -> {
                var client = BaseManager.builder().address(new InetSocketAddress(host, port))
                        .authkey("abracadabra".getBytes()).build().connect();
                @SuppressWarnings("unchecked")
                BlockingQueue<Object> jobs = client.create("jobs", BlockingQueue.class);
                jobs.add("hello from " + ProcessHandle.current().pid());
                client.close();
            });
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> jobs = manager.create("jobs", BlockingQueue.class);
            assertTrue(String.valueOf(jobs.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("hello from "));

            // strict decoding: a class off the allow-list is refused, on both sides
            var e = assertThrows(SerializationException.class, () -> jobs.add(new Point(1, 2)));
            assertTrue(e.getMessage().contains(Point.class.getName() + " is not on the allow-list"), e.getMessage());
            assertEquals(Point.class.getName(), e.offendingClass());
            assertEquals(0, jobs.size());
            Counter c = manager.create("counter", Counter.class, 1);
            assertEquals(2, c.increment(1)); // the connection is still usable
            silent.close();
        }
    }

    @Test
    void allowListExtendedOnBothSides() {
        var manager = BaseManager.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .allowClasses(Point.class.getName()).build();
        manager.register("jobs", BlockingQueue.class, (Supplier<BlockingQueue<?>> & Serializable) Jobs::get);
        try (manager) {
            manager.start();
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> jobs = manager.create("jobs", BlockingQueue.class);
            jobs.add(new Point(1, 2));
            assertEquals(new Point(1, 2), jobs.poll());
        }
    }

    /** Whether {@code t} waits on its connection's selector for a reply (SocketTransport's wait). */
    private static boolean waitsForAReply(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().endsWith(".SocketTransport") && f.getMethodName().equals("awaitReadable")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aKilledManagerFailsCallsAtOnceAlsoBlockedOnes() throws Exception {
        SyncManager manager = Manager.start();
        try {
            Queue<String> q = manager.queue();
            var connected = new java.util.concurrent.CountDownLatch(1);
            var blocked = new CompletableFuture<String>();
            Thread getter = Thread.ofPlatform().daemon().start(() -> {
                try {
                    q.qsize(); // this thread's connection is open: the get below goes straight to the server
                    connected.countDown();
                    blocked.complete(q.get());
                } catch (Throwable t) {
                    blocked.completeExceptionally(t);
                }
            });
            assertTrue(connected.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
            // The kill must come after the get's request has gone out (else the get fails while
            // sending, another case, and the failure says so): wait until the getter waits for
            // its reply.
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (!waitsForAReply(getter)) {
                assertFalse(blocked.isDone(), "the get ended before the manager was killed: " + blocked);
                assertTrue(System.nanoTime() < deadline, "the get never came to wait for its reply");
                Thread.sleep(1);
            }
            manager.process().kill();
            var e = assertThrows(ExecutionException.class, () -> blocked.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(ManagerException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("is gone"), e.getCause().getMessage());
            long t0 = System.nanoTime();
            var again = assertThrows(ManagerException.class, q::qsize);
            assertTrue(again.getMessage().contains("manager at unix:"), again.getMessage());
            assertTrue(System.nanoTime() - t0 < Delays.seconds(5).toNanos());
        } finally {
            manager.close();
        }
        assertThrows(ManagerException.class, manager::dict);
    }

    @Test
    void shutdownEndsTheServerAndLaterCallsFailClearly() {
        SyncManager manager = Manager.start();
        List<Integer> list = manager.list();
        list.add(1);
        long pid = manager.process().pid();
        manager.shutdown();
        Await.processGone(pid, LIMIT);
        var e = assertThrows(ManagerException.class, list::size);
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        manager.shutdown(); // idempotent
    }

    @Test
    void serveForeverServesChildrenUntilAClientShutsItDown() throws Exception {
        var manager = SyncManager.builder().build();
        var serving = Thread.ofPlatform().start(manager::serveForever);
        Await.until("the server to listen", LIMIT, () -> manager.address() != null);
        ConcurrentMap<String, String> d = manager.dict();
        Children.run(() -> d.put("k", "from child"));
        assertEquals("from child", d.get("k"));
        String path = ((java.net.UnixDomainSocketAddress) manager.address()).getPath().toString();
        Children.run(() -> SyncManager.builder().address(java.net.UnixDomainSocketAddress.of(path)).build().connect().shutdown());
        serving.join(LIMIT.toMillis());
        assertTrue(!serving.isAlive(), "serveForever() returned");
        assertThrows(ManagerException.class, () -> d.get("k"));
    }

    @Test
    void aChildThatLeavesItsManagerOpenStillExits() {
        // the child's exit shuts its manager down before joining its children, as CPython's finalizers do
        Children.run(() -> Manager.start().dict().put("left", "open"));
    }

    @Test
    void contextManagerUnderTheThreadStartMethodServesFromThisJvm() {
        var threads = org.multiprocessing4j.Multiprocessing.getContext("thread");
        try (SyncManager manager = threads.manager()) {
            List<Integer> l = manager.list();
            var p = threads.process(() -> l.add(7));
            p.start();
            assertTrue(p.join(LIMIT));
            assertEquals(List.of(7), new ArrayList<>(l));
            assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.pid() == manager.process().pid()));
        }
    }
}
