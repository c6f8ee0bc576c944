package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.futures.ProcessPoolExecutor;
import org.multiprocessing4j.managers.BaseManager;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.sharedmemory.SharedMemory;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invalid arguments on every public factory and builder, one table: each call fails at once
 * with {@link IllegalArgumentException} (or {@link NullPointerException} for a null), and the
 * message names the argument and, where there is one, the value. Nothing is started: the
 * table runs with no child process.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class InvalidArgumentTest {

    interface Call {
        void run() throws Exception;
    }

    /** A row: what is called, the call, the exception expected and what its message must contain. */
    record Row(String what, Call call, Class<? extends Exception> expected, String... mentions) {}

    static Row iae(String what, Call call, String... mentions) {
        return new Row(what, call, IllegalArgumentException.class, mentions);
    }

    static Row npe(String what, Call call, String argument) {
        return new Row(what, call, NullPointerException.class, argument);
    }

    static final SocketAddress ODD_ADDRESS = new SocketAddress() {
        @Override
        public String toString() {
            return "odd-address";
        }
    };

    static List<Row> table() {
        var pipe = Pipe.open();
        return List.of(
                // processes and contexts
                npe("new Process(null)", () -> new Process(null), "target"),
                npe("new Process(t, null)", () -> new Process(() -> { }, null), "name"),
                npe("Process.builder().target(null)", () -> Process.builder().target(null), "target"),
                npe("Process.builder().name(null)", () -> Process.builder().name(null), "name"),
                npe("Process.builder().jvmArgs(null element)", () -> Process.builder().jvmArgs("-Xmx8m", null), "jvmArgs"),
                npe("Process.builder().env(null, v)", () -> Process.builder().env(null, "v"), "env key"),
                iae("Process.builder().startMethod(bogus)", () -> Process.builder().startMethod("bogus"), "method", "bogus"),
                iae("Multiprocessing.getContext(bogus)", () -> Multiprocessing.getContext("fork-please"), "method", "fork-please"),
                iae("Multiprocessing.setStartMethod(bogus)", () -> Multiprocessing.setStartMethod("nope", true), "method", "nope"),
                // pools
                iae("new Pool(0)", () -> new Pool(0), "processes", "0"),
                iae("Pool.builder().processes(-2)", () -> Pool.builder().processes(-2), "processes", "-2"),
                iae("Pool.builder().maxTasksPerChild(-1)", () -> Pool.builder().maxTasksPerChild(-1), "maxTasksPerChild", "-1"),
                iae("Pool.builder().taskTimeout(-1s)", () -> Pool.builder().taskTimeout(Duration.ofSeconds(-1)), "taskTimeout", "PT-1S"),
                iae("Pool.builder().taskTimeout(0)", () -> Pool.builder().taskTimeout(Duration.ZERO), "taskTimeout", "PT0S"),
                iae("Pool.builder().memoryLimit(1 KiB)", () -> Pool.builder().memoryLimit(1024), "memoryLimit", "1024"),
                iae("Pool.builder().startMethod(bogus)", () -> Pool.builder().startMethod("bogus"), "method", "bogus"),
                iae("Pool.map(chunksize 0)", () -> withThreadPool(p -> p.map((Integer x) -> x, List.of(1), 0)), "chunksize", "0"),
                iae("Pool.imap(chunksize -1)", () -> withThreadPool(p -> p.imap((Integer x) -> x, List.of(1), -1)), "chunksize", "-1"),
                iae("Pool.imapUnordered(chunksize 0)", () -> withThreadPool(p -> p.imapUnordered((Integer x) -> x, List.of(1), 0)),
                        "chunksize", "0"),
                iae("new ProcessPoolExecutor(0)", () -> new ProcessPoolExecutor(0), "maxWorkers", "0"),
                iae("ProcessPoolExecutor.builder().maxWorkers(-3)", () -> ProcessPoolExecutor.builder().maxWorkers(-3),
                        "maxWorkers", "-3"),
                // synchronisation
                iae("semaphore(-1)", () -> Multiprocessing.semaphore(-1), "value", "-1"),
                iae("boundedSemaphore(-4)", () -> Multiprocessing.boundedSemaphore(-4), "value", "-4"),
                iae("barrier(0)", () -> Multiprocessing.barrier(0), "parties", "0"),
                iae("barrier(-2, action, timeout)", () -> Multiprocessing.barrier(-2, () -> { }, Duration.ofSeconds(1)), "parties", "-2"),
                npe("condition((Lock) null)", () -> Multiprocessing.condition((org.multiprocessing4j.Lock) null), "lock"),
                iae("Condition.signal(-1)", () -> {
                    var c = Multiprocessing.condition();
                    c.acquire();
                    try {
                        c.signal(-1);
                    } finally {
                        c.release();
                    }
                }, "n", "-1"),
                // queues (maxsize <= 0 means unbounded, as in CPython: no maxsize is invalid)
                // managers
                npe("BaseManager.builder().address(null)", () -> BaseManager.builder().address(null), "address"),
                iae("SyncManager.builder().authkey(empty)", () -> SyncManager.builder().authkey(new byte[0]), "authkey", "0"),
                npe("BaseManager.builder().authkey(null)", () -> BaseManager.builder().authkey(null), "authkey"),
                iae("SyncManager.builder().startMethod(bogus)", () -> SyncManager.builder().startMethod("bogus"), "method", "bogus"),
                npe("BaseManager.builder().allowClasses(null element)", () -> BaseManager.builder().allowClasses("a.*", null),
                        "classesOrPackages"),
                iae("BaseManager.register(blank typeId)", () -> BaseManager.builder().build().register(" ", Runnable.class,
                        (java.util.function.Supplier<Runnable>) () -> () -> { }), "typeId", "' '"),
                npe("BaseManager.register(typeId, null iface)", () -> BaseManager.builder().build().register("t", null,
                        java.util.ArrayList.class), "iface"),
                iae("BaseManager.register(typeId, a class as iface)", () -> BaseManager.builder().build().register("t",
                        java.util.ArrayList.class, java.util.ArrayList.class), "iface", "java.util.ArrayList"),
                iae("BaseManager.register(typeId, iface, implementation not implementing it)", () -> registerUnrelated(),
                        "implementation", "java.util.ArrayList"),
                // shared values, arrays, memory
                npe("SharedArray.ofInts((int[]) null)", () -> SharedArray.ofInts((int[]) null), "init"),
                iae("Multiprocessing.wait(a null among the objects)", () -> Multiprocessing.wait(
                        java.util.Arrays.asList(pipe.left(), null), Duration.ZERO), "objects", "null"),
                iae("ProcessPoolExecutor.map(chunksize 0)", () -> {
                    try (var e = new ProcessPoolExecutor(1)) {
                        e.map((Integer x) -> x, List.of(1), Duration.ofSeconds(1), 0);
                    }
                }, "chunksize", "0"),
                iae("SharedArray.ofInts(-1)", () -> SharedArray.ofInts(-1), "length", "-1"),
                iae("SharedArray.ofDoubles(-7, lock)", () -> SharedArray.ofDoubles(-7, true), "length", "-7"),
                iae("SharedMemory.create(0)", () -> SharedMemory.create(0), "size", "0"),
                iae("SharedMemory.create(name, -5)", () -> SharedMemory.create("mp4j-invalid-arg", -5), "size", "-5"),
                iae("SharedMemory.create(bad name)", () -> SharedMemory.create("no/slashes", 64), "name", "no/slashes"),
                iae("SharedMemory.create(empty name)", () -> SharedMemory.create("", 64), "name"),
                npe("SharedMemory.create(null name)", () -> SharedMemory.create(null, 64), "name"),
                iae("SharedMemory.attach(bad name)", () -> SharedMemory.attach("../etc/passwd"), "name", "../etc/passwd"),
                // connections
                iae("new Listener(address, empty key)", () -> new Listener(new InetSocketAddress(0), new byte[0]), "authkey", "0"),
                iae("new Listener(odd address)", () -> new Listener(ODD_ADDRESS, new byte[] {1}), "address", "odd-address"),
                npe("new Listener(null, key)", () -> new Listener(null, new byte[] {1}), "address"),
                iae("Client.connect(address, empty key)", () -> Client.connect(new InetSocketAddress(1), new byte[0]), "authkey", "0"),
                iae("Client.connect(odd address)", () -> Client.connect(ODD_ADDRESS, new byte[] {1}), "address", "odd-address"),
                iae("Connection.sendBytes(offset -1)", () -> pipe.left().sendBytes(new byte[4], -1, 2), "offset", "-1"),
                iae("Connection.sendBytes(size -2)", () -> pipe.left().sendBytes(new byte[4], 0, -2), "size", "-2"),
                iae("Connection.sendBytes(offset + size > length)", () -> pipe.left().sendBytes(new byte[4], 3, 2), "offset", "3"),
                iae("Connection.recvBytes(maxLength -1)", () -> pipe.left().recvBytes(-1), "maxLength", "-1"),
                iae("Connection.recvBytesInto(offset 9)", () -> pipe.left().recvBytesInto(new byte[4], 9), "offset", "9"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void registerUnrelated() {
        BaseManager.builder().build().register("t", Runnable.class, (Class) java.util.ArrayList.class);
    }

    interface PoolUse {
        Object use(Pool p);
    }

    static void withThreadPool(PoolUse use) {
        try (Pool p = Multiprocessing.getContext("thread").pool(1)) {
            use.use(p);
        }
    }

    @Test
    void everyInvalidArgumentIsRefusedWithAMessageNamingItAndTheValue() {
        var rows = table();
        var problems = new ArrayList<String>();
        for (Row row : rows) {
            try {
                row.call().run();
                problems.add(row.what() + ": accepted");
            } catch (Exception e) {
                if (!row.expected().isInstance(e)) {
                    problems.add(row.what() + ": expected " + row.expected().getSimpleName() + ", got " + e);
                    continue;
                }
                for (String m : row.mentions()) {
                    if (e.getMessage() == null || !e.getMessage().contains(m)) {
                        problems.add(row.what() + ": the message does not mention '" + m + "': " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "of " + rows.size() + " invalid calls");
        System.out.printf("[reliability] invalid arguments: %d calls refused with clear messages%n", rows.size());
    }
}
