package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour of {@link Process} that every start method shares. Subclasses name the start
 * method; cases that only make sense for one of them live in the subclass.
 */
@ExtendWith(NoLeftoverProcesses.class)
abstract class ProcessConformanceTest {

    static final Duration LIMIT = Delays.childLifetime();

    String box;

    abstract Context context();

    @BeforeEach
    void createMailbox() {
        box = Mailbox.create();
    }

    @AfterEach
    void deleteMailbox() {
        Mailbox.delete(box);
    }

    Process process(SerializableRunnable target) {
        return context().process(target);
    }

    /** Blocks the calling child until the test puts {@code key} in the mailbox. */
    static void awaitGo(String box, String key) {
        Await.until("the test says " + key, Delays.seconds(60), () -> Files.exists(Path.of(box, key)));
    }

    @Test
    void runsTheTargetAsTheCurrentProcess() {
        String b = box;
        var p = process(() -> {
            Mailbox.put(b, "name", Multiprocessing.currentProcess().getName());
            Mailbox.put(b, "pid", ProcessHandle.current().pid());
            Mailbox.put(b, "parent", Multiprocessing.parentProcess().getName());
            Mailbox.put(b, "parentPid", Multiprocessing.parentProcess().pid());
        });
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertEquals(p.getName(), Mailbox.get(b, "name"));
        assertEquals("MainProcess", Mailbox.get(b, "parent"));
        assertEquals(Long.toString(ProcessHandle.current().pid()), Mailbox.get(b, "parentPid"));
        assertEquals(Long.toString(p.pid()), Mailbox.get(b, "pid"));
    }

    /** A subclass overriding run(), with fields of its own. */
    static final class Doubler extends Process {
        private final String box;
        private final int value;

        Doubler(String box, int value) {
            this.box = box;
            this.value = value;
        }

        @Override
        public void run() {
            Mailbox.put(box, "doubled", value * 2);
            Mailbox.put(box, "self", Multiprocessing.currentProcess() == this);
        }
    }

    @Test
    void runsASubclass() {
        var p = new Doubler(box, 21);
        p.bindStartMethod(org.multiprocessing4j.internal.context.LocalStartMethod.named(context().startMethod()));
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals("42", Mailbox.get(box, "doubled"));
        assertEquals("true", Mailbox.get(box, "self"));
    }

    @Test
    void anUncaughtExceptionGivesExitCodeOne() {
        var p = process(() -> {
            throw new IllegalStateException("expected by the test: ignore this trace");
        });
        p.start();
        p.join();
        assertEquals(1, p.exitCode());
    }

    @Test
    void joinWithATimeoutReturnsFalseWhileRunning() {
        String b = box;
        var p = process(() -> awaitGo(b, "go"));
        p.start();
        assertFalse(p.join(Duration.ofMillis(100)));
        assertFalse(p.join(Duration.ofMillis(-5)), "a negative timeout acts as zero");
        assertTrue(p.isAlive());
        assertNull(p.exitCode());
        Mailbox.put(b, "go", "");
        assertTrue(p.join(LIMIT));
        assertFalse(p.isAlive());
        assertEquals(0, p.exitCode());
    }

    @Test
    void anUnstartedProcessReportsNothingAndRefusesToBeJoined() {
        var p = process(() -> { });
        assertEquals(-1, p.pid());
        assertNull(p.exitCode());
        assertFalse(p.isAlive());
        var e = assertThrows(IllegalStateException.class, p::join);
        assertTrue(e.getMessage().contains("can only join a started process"), e.getMessage());
        assertThrows(IllegalStateException.class, p::sentinel);
        assertThrows(IllegalStateException.class, p::terminate);
        p.close();
    }

    @Test
    void startingTwiceIsRefused() {
        var p = process(() -> { });
        p.start();
        var e = assertThrows(IllegalStateException.class, p::start);
        assertTrue(e.getMessage().contains("cannot start a process twice"), e.getMessage());
        p.join();
    }

    @Test
    void closeIsRefusedWhileRunningThenEndsTheObject() {
        String b = box;
        var p = process(() -> awaitGo(b, "go"));
        p.start();
        var e = assertThrows(IllegalStateException.class, p::close);
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
        Mailbox.put(b, "go", "");
        p.join();
        p.close();
        p.close();
        for (Runnable op : List.<Runnable>of(p::start, p::join, p::isAlive, p::exitCode, p::sentinel, p::terminate)) {
            var closed = assertThrows(IllegalStateException.class, op::run);
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        }
    }

    @Test
    void processesAreNumberedInCreationOrderAndNamesCanBeGiven() {
        var a = process(() -> { });
        var b = process(() -> { });
        int n = Integer.parseInt(a.getName().substring("Process-".length()));
        assertEquals("Process-" + (n + 1), b.getName());
        assertEquals("worker", context().process(() -> { }, "worker").getName());
        a.setName("renamed");
        assertEquals("renamed", a.getName());
    }

    @Test
    void nestedChildrenAreNamedAfterTheirParent() {
        String b = box;
        String method = context().startMethod();
        var p = process(() -> {
            var grandchild = Multiprocessing.getContext(method).process(() -> {
                Mailbox.put(b, "grandchild", Multiprocessing.currentProcess().getName());
                Mailbox.put(b, "grandparent", Multiprocessing.parentProcess().getName());
            });
            grandchild.start();
            grandchild.join();
            Mailbox.put(b, "second", Multiprocessing.getContext(method).process(() -> { }).getName());
        });
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals(p.getName() + ":1", Mailbox.get(b, "grandchild"));
        assertEquals(p.getName(), Mailbox.get(b, "grandparent"));
        assertEquals(p.getName() + ":2", Mailbox.get(b, "second"));
    }

    @Test
    void daemonMustBeSetBeforeStart() {
        var p = process(() -> { });
        p.setDaemon(true);
        assertTrue(p.isDaemon());
        p.start();
        var e = assertThrows(IllegalStateException.class, () -> p.setDaemon(false));
        assertTrue(e.getMessage().contains("already started"), e.getMessage());
        p.join();
    }

    @Test
    void aDaemonicProcessCannotStartChildren() {
        String b = box;
        String method = context().startMethod();
        var p = process(() -> {
            try {
                Multiprocessing.getContext(method).process(() -> { }).start();
                Mailbox.put(b, "outcome", "started");
            } catch (IllegalStateException e) {
                Mailbox.put(b, "outcome", e.getMessage());
            }
        });
        p.setDaemon(true);
        p.start();
        p.join();
        assertTrue(Mailbox.get(b, "outcome").contains("daemonic processes are not allowed to have children"),
                Mailbox.get(b, "outcome"));
    }

    @Test
    void theRootHasNoParentAndIsMainProcess() {
        assertNull(Multiprocessing.parentProcess());
        assertEquals("MainProcess", Multiprocessing.currentProcess().getName());
        assertTrue(Multiprocessing.currentProcess().isAlive());
        assertEquals(ProcessHandle.current().pid(), Multiprocessing.currentProcess().pid());
        assertTrue(Multiprocessing.cpuCount() >= 1);
    }

    @Test
    void activeChildrenListsRunningChildrenOnly() {
        String b = box;
        var p = process(() -> awaitGo(b, "go"));
        p.start();
        assertTrue(Multiprocessing.activeChildren().contains(p));
        Mailbox.put(b, "go", "");
        p.join();
        assertFalse(Multiprocessing.activeChildren().contains(p));
    }

    @Test
    void waitReturnsTheProcessesThatEnded() {
        String b = box;
        var quick = process(() -> { });
        var slow = process(() -> awaitGo(b, "go"));
        quick.start();
        slow.start();
        assertEquals(List.of(quick), Multiprocessing.wait(List.of(quick, slow), LIMIT));
        assertEquals(List.of(quick.sentinel()), Multiprocessing.wait(List.of(quick.sentinel(), slow.sentinel()), LIMIT));
        assertFalse(Multiprocessing.waitAll(List.of(quick, slow), Duration.ofMillis(50)));
        Mailbox.put(b, "go", "");
        assertTrue(Multiprocessing.waitAll(List.of(quick, slow.sentinel()), LIMIT));
        assertTrue(slow.sentinel().isReady());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.wait(List.of("not waitable"), Duration.ZERO));
        quick.join();
        slow.join();
    }

    @Test
    void theChildInheritsTheAuthkey() {
        String b = box;
        var p = process(() -> Mailbox.put(b, "key", HexFormat.of().formatHex(Multiprocessing.currentProcess().authkey())));
        assertArrayEquals(Multiprocessing.currentProcess().authkey(), p.authkey());
        p.start();
        p.join();
        assertEquals(HexFormat.of().formatHex(p.authkey()), Mailbox.get(b, "key"));
        assertThrows(IllegalArgumentException.class, () -> process(() -> { }).setAuthkey(new byte[0]));
    }

    @Test
    void theBuilderSetsNameAndDaemonAndNeedsATarget() {
        String b = box;
        var p = context().processBuilder()
                .target(() -> Mailbox.put(b, "daemon", Multiprocessing.currentProcess().isDaemon()))
                .name("built").daemon(true).build();
        assertEquals("built", p.getName());
        p.start();
        p.join();
        assertEquals("true", Mailbox.get(b, "daemon"));
        var e = assertThrows(IllegalStateException.class, () -> Process.builder().build());
        assertTrue(e.getMessage().contains("target"), e.getMessage());
    }
}
