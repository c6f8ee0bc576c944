package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.futures.ProcessPoolExecutor;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unserialisable objects everywhere an object can be sent to another process today: each raises
 * {@link SerializationException} naming the class at fault, in the caller and before anything is
 * sent (or, for a result, for that item alone), and the facility stays usable afterwards. What
 * no serializer can carry here: a {@link Thread}, and a plain (non-serialisable) lambda.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class UnserialisableTest {

    static final Duration LIMIT = Delays.childLifetime();
    static Pool pool;
    static ProcessPoolExecutor executor;
    static SyncManager manager;

    /** Holds a thread: not serialisable by any serializer. */
    static final class HoldsAThread extends Process {
        final Thread thread = Thread.currentThread();

        @Override
        public void run() {
            System.out.println(thread);
        }
    }

    /** One place an object is sent: the attempt, the class the error must name, and a check that the facility still works. */
    record Place(String name, ThrowingSupplier attempt, String offender, Runnable stillWorks) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface ThrowingSupplier {
        Object get() throws Exception;
    }

    static Stream<Place> places() {
        Thread thread = Thread.currentThread();
        Runnable plain = () -> { };
        return Stream.of(
                new Place("Process target capturing a Thread", () -> {
                    var p = new Process(() -> System.out.println(thread));
                    p.start();
                    return p;
                }, "java.lang.Thread", UnserialisableTest::aChildStarts),
                new Place("Process subclass with a Thread field", () -> {
                    var p = new HoldsAThread();
                    p.start();
                    return p;
                }, "java.lang.Thread", UnserialisableTest::aChildStarts),
                new Place("Pool task capturing a plain lambda", () -> pool.apply(() -> {
                    plain.run();
                    return 1;
                }), "UnserialisableTest$$Lambda", UnserialisableTest::thePoolWorks),
                new Place("Pool map argument", () -> pool.map((Object o) -> o.hashCode(), List.<Object>of(1, thread, 3)),
                        "java.lang.Thread", UnserialisableTest::thePoolWorks),
                new Place("Pool result", () -> pool.apply(Thread::currentThread), "java.lang.Thread",
                        UnserialisableTest::thePoolWorks),
                new Place("Pool initializer", () -> {
                    try (var p = Pool.builder().processes(1).initializer(plain::run).build()) {
                        return p.apply(() -> 1);
                    }
                }, "UnserialisableTest$$Lambda", UnserialisableTest::thePoolWorks),
                new Place("ProcessPoolExecutor task", () -> executor.submit(() -> {
                    plain.run();
                    return 1;
                }).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "UnserialisableTest$$Lambda",
                        UnserialisableTest::theExecutorWorks),
                new Place("Connection.send", UnserialisableTest::sendAThread, "java.lang.Thread", () -> { }),
                new Place("Queue.put (unbounded)", () -> putAThread(Multiprocessing.queue()), "java.lang.Thread", () -> { }),
                new Place("Queue.put (bounded)", () -> putAThread(Multiprocessing.queue(2)), "java.lang.Thread", () -> { }),
                new Place("JoinableQueue.put", () -> putAThread(Multiprocessing.joinableQueue()), "java.lang.Thread", () -> { }),
                new Place("SimpleQueue.put", () -> {
                    SimpleQueue<Object> q = Multiprocessing.simpleQueue();
                    return sendThenNext(q::put, q::get);
                }, "java.lang.Thread", () -> { }),
                new Place("a manager proxy's argument (dict)", () -> {
                    ConcurrentMap<String, Object> d = manager.dict();
                    return sendThenNext(x -> d.put("k", x), () -> d.get("k"));
                }, "java.lang.Thread", () -> { }),
                new Place("a manager proxy's argument (queue)", () -> putAThread(manager.queue()), "java.lang.Thread", () -> { }),
                new Place("Barrier action, with the barrier passed to a child", () -> {
                    Barrier b = Multiprocessing.barrier(1, () -> System.out.println(thread), LIMIT);
                    var p = new Process(b::await);
                    p.start();
                    return p;
                }, "java.lang.Thread", UnserialisableTest::aChildStarts),
                new Place("a Listener connection passed to a child", UnserialisableTest::passAListenerConnection,
                        "Connection", UnserialisableTest::aChildStarts));
    }

    static Object sendAThread() {
        try (var pipe = Pipe.open()) {
            return sendThenNext(pipe.left()::send, pipe.right()::recv);
        }
    }

    static Object putAThread(Queue<Object> q) {
        return sendThenNext(q::put, () -> q.get(LIMIT));
    }

    /** Sends a thread, then a string: the thread raises, nothing of it travels, the string arrives first. */
    static Object sendThenNext(Consumer<Object> send, Supplier<Object> receive) {
        try {
            send.accept(Thread.currentThread());
        } finally {
            send.accept("next");
            assertEquals("next", receive.get(), "nothing of the failed send travelled");
        }
        return null;
    }

    static Object passAListenerConnection() throws Exception {
        byte[] key = "k".getBytes();
        try (var l = new Listener(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), key)) {
            var accepted = CompletableFuture.supplyAsync(l::accept);
            try (var c = Client.connect(l.address(), key); var s = accepted.get()) {
                var p = new Process(() -> s.send("from the child"));
                p.start();
                return p;
            }
        }
    }

    static void aChildStarts() {
        var p = Process.builder().jvmArgs("-Xmx32m").target(() -> { }).build();
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
    }

    static void thePoolWorks() {
        assertEquals(List.of(2, 3), pool.map((Integer x) -> x + 1, List.of(1, 2)));
    }

    static void theExecutorWorks() {
        try {
            assertEquals(7, executor.submit(() -> 7).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One table, one pool and one executor for all of it: worker JVMs are costly to start. */
    @Test
    void everyPlaceRaisesSerializationExceptionNamingTheClassAndStaysUsable() {
        try (var p = Pool.builder().processes(1).jvmArgs("-Xmx64m").build();
                var e = ProcessPoolExecutor.builder().maxWorkers(1).build();
                var m = Manager.start()) {
            pool = p;
            executor = e;
            manager = m;
            var failures = new ArrayList<String>();
            var places = places().toList();
            for (Place place : places) {
                try {
                    checkPlace(place);
                } catch (AssertionError | RuntimeException x) {
                    failures.add(place + ": " + x);
                }
            }
            assertEquals(List.of(), failures);
            System.out.printf("[reliability] unserialisable: %d places checked%n", places.size());
        } finally {
            pool = null;
            executor = null;
            manager = null;
        }
    }

    private static void checkPlace(Place place) {
        Object result;
        try {
            result = place.attempt().get();
        } catch (SerializationException e) {
            check(place, e);
            place.stillWorks().run();
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SerializationException s) {
                check(place, s);
                place.stillWorks().run();
                return;
            }
            throw new AssertionError("expected a SerializationException, got " + e, e);
        } catch (Exception e) {
            throw new AssertionError("expected a SerializationException, got " + e, e);
        }
        if (result instanceof Process p && p.isAlive()) {
            p.kill();
            p.join(LIMIT);
        }
        throw new AssertionError("no SerializationException; got " + result);
    }

    private static void check(Place place, SerializationException e) {
        String named = e.getMessage() + " / " + e.offendingClass();
        assertNotNull(e.getMessage());
        assertTrue(named.contains(place.offender()), place + ": the message names " + place.offender() + ": " + named);
    }
}
