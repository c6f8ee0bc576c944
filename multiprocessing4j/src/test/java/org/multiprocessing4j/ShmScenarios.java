package org.multiprocessing4j;

import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.Futex;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.util.ArrayList;

/**
 * Root JVMs for the shared-memory tests that need their own JVM (to kill it, or to choose the
 * wait strategy). They print {@code key=value} lines on stdout.
 */
public final class ShmScenarios {

    private ShmScenarios() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "hold-segments" -> holdSegments();
            case "spin-lock" -> spinLock();
            case "attach-shm" -> attachShm(args[1]);
            case "leak-shm" -> leakShm();
            case "hold-shm" -> holdShm();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** Creates shared objects, starts a child that uses them, then blocks; the test kills this JVM. */
    private static void holdSegments() {
        var lock = Multiprocessing.lock();
        var value = Value.ofInt(0);
        var child = new Process(() -> {
            value.set(1);
            Await.until("forever", Delays.seconds(600), () -> false);
        });
        child.start();
        Await.until("the child wrote", Delays.seconds(60), () -> value.get() == 1);
        System.out.println("session=" + Session.existing());
        System.out.println("child=" + child.pid());
        System.out.println("lock=" + lock);
        System.out.flush();
        Await.until("forever", Delays.seconds(600), () -> false);
    }

    /** An unrelated JVM: attaches a block by name, reads the first long, writes the second. */
    private static void attachShm(String name) {
        try (var shm = org.multiprocessing4j.sharedmemory.SharedMemory.attach(name)) {
            var seg = shm.segment();
            System.out.println("read=" + seg.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            seg.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 4242L);
            System.out.println("size=" + shm.size());
        }
    }

    /** Creates a block and exits without unlinking it: the tracker warns and unlinks. */
    private static void leakShm() {
        var shm = org.multiprocessing4j.sharedmemory.SharedMemory.create(64);
        System.out.println("name=" + shm.name());
        System.out.flush();
    }

    /** Creates a block and blocks; the test kills this JVM. */
    private static void holdShm() {
        var shm = org.multiprocessing4j.sharedmemory.SharedMemory.create(64);
        System.out.println("name=" + shm.name());
        System.out.flush();
        Await.until("forever", Delays.seconds(600), () -> false);
    }

    /** Locked increments by two children and a waiting parent, all with the spin + park strategy. */
    private static void spinLock() {
        var lock = Multiprocessing.lock();
        var counter = Value.ofLong(0, false);
        var done = Multiprocessing.event();
        var children = new ArrayList<Process>();
        for (int i = 0; i < 2; i++) {
            children.add(Process.builder().jvmArgs("-D" + Configuration.WAIT_PROP_NAME + "=spin").target(() -> {
                if (Futex.isNative()) {
                    throw new AssertionError("the child uses the futex");
                }
                for (int n = 0; n < 20_000; n++) {
                    lock.acquire();
                    counter.set(counter.get() + 1);
                    lock.release();
                }
                done.set();
            }).build());
        }
        children.forEach(Process::start);
        done.await();
        children.forEach(Process::join);
        System.out.println("native=" + Futex.isNative());
        System.out.println("total=" + counter.get());
        System.out.println("exits=" + children.stream().map(Process::exitCode).toList());
    }
}
