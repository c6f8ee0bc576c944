package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real child JVM adds to the shared behaviour of {@link Process}: exit codes of signals
 * and {@code System.exit}, a copy of the program state, serialisation, JVM options, the fate of
 * grandchildren. Run under {@code "spawn"} and {@code "warm"}, whose semantics are the same.
 */
abstract class JvmProcessConformanceTest extends ProcessConformanceTest {

    /** Changed by the parent and by children: each JVM has its own copy. */
    static int counter;

    @Test
    void theChildReportsTheStartMethodThatStartedIt() {
        String b = box;
        var p = process(() -> Mailbox.put(b, "method", Multiprocessing.getStartMethod()));
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertEquals(context().startMethod(), Mailbox.get(b, "method"));
    }

    @Test
    void systemExitGivesItsStatus() {
        var p = process(() -> System.exit(7));
        p.start();
        p.join();
        assertEquals(7, p.exitCode());
    }

    @Test
    void terminateGivesMinusFifteenAndKillMinusNine() {
        String b = box;
        var t = process(() -> {
            Mailbox.put(b, "t-running", "");
            awaitGo(b, "never");
        });
        var k = process(() -> {
            Mailbox.put(b, "k-running", "");
            awaitGo(b, "never");
        });
        t.start();
        k.start();
        Mailbox.await(b, "t-running", LIMIT);
        Mailbox.await(b, "k-running", LIMIT);
        t.terminate();
        k.kill();
        t.join();
        k.join();
        assertEquals(-15, t.exitCode());
        assertEquals(-9, k.exitCode());
        t.terminate(); // no effect once ended
        assertEquals(-15, t.exitCode());
    }

    @Test
    void terminateBeforeTheChildRunsStillGivesMinusFifteen() {
        var p = process(() -> { });
        p.start();
        p.terminate();
        p.join();
        assertTrue(p.exitCode() == -15 || p.exitCode() == 0, "exit code " + p.exitCode());
    }

    @Test
    void theChildWorksOnItsOwnCopyOfTheProgramState() {
        String b = box;
        counter = 5;
        var p = process(() -> {
            Mailbox.put(b, "seen", counter);
            counter = 99;
            Mailbox.put(b, "changed", counter);
        });
        p.start();
        p.join();
        assertEquals("0", Mailbox.get(b, "seen"), "a fresh JVM starts from the class's initial state");
        assertEquals("99", Mailbox.get(b, "changed"));
        assertEquals(5, counter, "the parent's copy is untouched");
        assertNotEquals(ProcessHandle.current().pid(), p.pid());
    }

    @Test
    void anUnserialisableTargetFailsInStartNamingTheClass() {
        Runnable notSerialisable = () -> { };
        var p = process(notSerialisable::run);
        var e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains("cannot start " + p.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("JvmProcessConformanceTest$$Lambda"), e.getMessage());
        assertTrue(e.offendingClass().contains("JvmProcessConformanceTest$$Lambda"), e.offendingClass());
        assertEquals(-1, p.pid(), "nothing was started");

        Thread thread = Thread.currentThread();
        var q = process(() -> thread.getName());
        var e2 = assertThrows(SerializationException.class, q::start);
        assertTrue(e2.getMessage().contains("java.lang.Thread"), e2.getMessage());
    }

    /** Not {@link Serializable}: JDK serialisation refuses it, Fory carries it. */
    static final class PlainBox {
        final String text;

        PlainBox(String text) {
            this.text = text;
        }
    }

    @Test
    void aCapturedObjectNeedNotBeSerializable() {
        String b = box;
        var plain = new PlainBox("carried by Fory");
        var p = process(() -> Mailbox.put(b, "text", plain.text));
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals("carried by Fory", Mailbox.get(b, "text"));
    }

    @Test
    void jvmArgsAndEnvironmentReachTheChild() {
        String b = box;
        var p = Process.builder()
                .target(() -> {
                    Mailbox.put(b, "prop", System.getProperty("mp4j.test.flag"));
                    Mailbox.put(b, "env", System.getenv("MP4J_TEST_ENV"));
                })
                .jvmArgs("-Dmp4j.test.flag=yes")
                .env("MP4J_TEST_ENV", "hello")
                .startMethod(context().startMethod())
                .build();
        p.start();
        p.join();
        assertEquals("yes", Mailbox.get(b, "prop"));
        assertEquals("hello", Mailbox.get(b, "env"));
    }

    @Test
    void aBadJvmArgumentGivesAFailedExitCodeInsteadOfAHang() {
        var p = Process.builder().target(() -> { }).jvmArgs("-XX:+NoSuchOptionForSure")
                .startMethod(context().startMethod()).build();
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(1, p.exitCode());
    }

    /**
     * {@code -version} makes the JVM print its version and exit 0 at once: the target never ran.
     * That used to give exit code 0; a child that never reported its start is now a failure
     * (exit code 2) with a warning saying so.
     */
    @Test
    void aChildThatExitsBeforeItStartsIsAFailureWithAMessage() {
        var log = java.util.logging.Logger.getLogger("org.multiprocessing4j.internal.spawn.SpawnPopen");
        var records = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try {
            var p = Process.builder().target(() -> { }).jvmArgs("-version")
                    .startMethod(context().startMethod()).build();
            p.start();
            assertTrue(p.join(LIMIT));
            assertEquals(2, p.exitCode());
            assertTrue(records.stream().anyMatch(m -> m.contains("exited with status 0 before its process started")
                    && m.contains("-version")), records.toString());
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void grandchildrenDieWithAKilledChild() {
        String b = box;
        String method = context().startMethod();
        var child = process(() -> {
            var grandchild = Multiprocessing.getContext(method).process(() -> awaitGo(b, "never"));
            grandchild.start();
            Mailbox.put(b, "grandchild", grandchild.pid());
            awaitGo(b, "never");
        });
        child.start();
        long grandchild = Long.parseLong(Mailbox.await(b, "grandchild", LIMIT));
        assertTrue(ProcessHandle.of(grandchild).isPresent());
        child.kill();
        child.join();
        Await.processGone(grandchild, Delays.seconds(10));
    }

    /** Starts a non-daemonic grandchild that waits for good, from a thread that then ends; returns its pid. */
    static long grandchildFromAnEndedThread(String method, String box) {
        long[] pid = new long[1];
        var starter = Thread.ofPlatform().start(() -> {
            var g = Multiprocessing.getContext(method).process(() -> awaitGo(box, "never"));
            g.start();
            pid[0] = g.pid();
        });
        try {
            starter.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return pid[0];
    }

    @Test
    void grandchildrenDoNotOutliveATerminatedOrKilledChild() {
        String b = box;
        String method = context().startMethod();
        for (String how : List.of("terminate", "kill")) {
            var child = process(() -> {
                var direct = Multiprocessing.getContext(method).process(() -> awaitGo(b, "never"));
                direct.start();
                Mailbox.put(b, how + "-direct", direct.pid());
                Mailbox.put(b, how + "-from-thread", grandchildFromAnEndedThread(method, b));
                awaitGo(b, "never");
            });
            child.start();
            long direct = Long.parseLong(Mailbox.await(b, how + "-direct", LIMIT));
            long fromThread = Long.parseLong(Mailbox.await(b, how + "-from-thread", LIMIT));
            assertTrue(ProcessHandle.of(fromThread).map(ProcessHandle::isAlive).orElse(false),
                    "a grandchild lives on after the thread that started it ended");
            if (how.equals("terminate")) {
                child.terminate();
            } else {
                child.kill();
            }
            assertTrue(child.join(LIMIT), how + ": the child ends without waiting for its children");
            assertEquals(how.equals("terminate") ? -15 : -9, child.exitCode());
            Await.processGone(direct, Delays.seconds(10));
            Await.processGone(fromThread, Delays.seconds(10));
        }
    }

    @Test
    void aChildWaitsForItsNonDaemonThreadsButNotForItsDaemonThreads() {
        String b = box;
        var p = process(() -> {
            Thread.ofPlatform().daemon().start(() -> awaitGo(b, "never"));
            Thread.ofPlatform().start(() -> {
                awaitGo(b, "go");
                Mailbox.put(b, "thread-done", "");
            });
            Mailbox.put(b, "returned", "");
        });
        p.start();
        Mailbox.await(b, "returned", LIMIT);
        assertFalse(p.join(Duration.ofMillis(200)), "run() has returned, the non-daemon thread still runs");
        Mailbox.put(b, "go", "");
        assertTrue(p.join(LIMIT), "the daemon thread does not delay the exit");
        assertEquals(0, p.exitCode());
        assertTrue(Files.exists(Path.of(b, "thread-done")), "the non-daemon thread ran to its end");
    }

    @Test
    void aChildTerminatesItsDaemonsAndJoinsTheOthersWhenItEnds() {
        String b = box;
        String method = context().startMethod();
        var child = process(() -> {
            var daemon = Multiprocessing.getContext(method).process(() -> awaitGo(b, "never"));
            daemon.setDaemon(true);
            daemon.start();
            var worker = Multiprocessing.getContext(method).process(() -> {
                awaitGo(b, "release");
                Mailbox.put(b, "worker-done", "");
            });
            worker.start();
            Mailbox.put(b, "daemon", daemon.pid());
            Mailbox.put(b, "started", "");
        });
        child.start();
        Mailbox.await(b, "started", LIMIT);
        long daemon = Long.parseLong(Mailbox.get(b, "daemon"));
        assertTrue(child.isAlive(), "the child waits for its non-daemonic worker");
        Mailbox.put(b, "release", "");
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
        assertEquals("", Mailbox.get(b, "worker-done"), "the worker was joined before the child ended");
        Await.processGone(daemon, Delays.seconds(10));
    }
}
