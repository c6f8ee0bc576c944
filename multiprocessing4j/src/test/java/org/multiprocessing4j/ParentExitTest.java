package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens to children when their root JVM exits, fails or is killed; run in separate JVMs. */
@ExtendWith(NoLeftoverProcesses.class)
class ParentExitTest {

    static final Duration LIMIT = Delays.seconds(60);

    @Test
    void atNormalExitDaemonsAreTerminatedAndOtherChildrenJoined() throws Exception {
        String dir = Mailbox.create();
        try (var root = RootJvm.start(RootScenarios.class, "exit-rules", dir)) {
            long daemon = Long.parseLong(root.awaitLine("daemon=", LIMIT));
            long worker = Long.parseLong(root.awaitLine("worker=", LIMIT));
            root.awaitLine("main-returns=", LIMIT);
            // main has returned, but the non-daemonic worker is blocked: the root must wait for it.
            Await.until("the worker is running", LIMIT, () -> ProcessHandle.of(worker).isPresent());
            assertFalse(root.exitsWithin(Duration.ofSeconds(1)), "the root exited before its non-daemonic child");
            Files.writeString(Path.of(dir, "release"), "");
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertEquals("done", Files.readString(Path.of(dir, "worker-done")));
            Await.processGone(daemon, Delays.seconds(10));
            Await.processGone(worker, Delays.seconds(10));
        } finally {
            Mailbox.delete(dir);
        }
    }

    /**
     * A pool left open: the exit ends its workers (SIGTERM to daemonic children) and the pool
     * does not start new ones in their place, which would only be killed with the root. The
     * root's direct children are watched from main's return until its exit.
     */
    @Test
    void aPoolLeftOpenAtExitStartsNoWorkerInPlaceOfTheEndedOnes() {
        try (var root = RootJvm.start(RootScenarios.class, List.of("-Dmultiprocessing4j.aot=false"), "open-pool")) {
            var workers = java.util.Set.of(root.awaitLine("workers=", LIMIT).split(","));
            assertEquals(2, workers.size(), "the root's children once its pool ran a map: " + workers);
            root.awaitLine("main-returns=", LIMIT);
            var others = new java.util.TreeSet<Long>();
            var handle = ProcessHandle.of(root.pid());
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (handle.isPresent() && handle.get().isAlive() && System.nanoTime() < deadline) {
                handle.get().children().filter(c -> !workers.contains(String.valueOf(c.pid()))).forEach(c -> others.add(c.pid()));
            }
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(others.isEmpty(), "the root started " + others + " after main returned; its workers were " + workers);
            assertFalse(root.stderr().contains("Exception"), root.stderr());
        }
    }

    @Test
    void childrenAndGrandchildrenDieWhenTheRootIsKilledAndTheSessionIsSwept() {
        try (var root = RootJvm.start(RootScenarios.class, "orphans")) {
            long child = Long.parseLong(root.awaitLine("child=", LIMIT));
            long grandchild = Long.parseLong(root.awaitLine("grandchild=", LIMIT));
            Path session = Path.of(root.awaitLine("session=", LIMIT));
            assertTrue(Files.isDirectory(session), session.toString());
            root.kill();
            root.waitFor(LIMIT);
            Await.processGone(child, Delays.seconds(10));
            Await.processGone(grandchild, Delays.seconds(10));
            // A killed root cannot clean up after itself; the next sweep (by any new root, or this
            // explicit one) removes the dead tree's session.
            Session.sweepStale();
            assertFalse(Files.exists(session), "the session of the killed root is gone");
        }
    }

    @Test
    void anUncaughtExceptionIsPrintedUnderTheProcessName() {
        try (var root = RootJvm.start(RootScenarios.class, "failing-child")) {
            assertEquals(0, root.waitFor(LIMIT));
            assertTrue(root.stdout().contains("exit=1"), root.stdout());
            String err = root.stderr();
            assertTrue(err.contains("Process failing:" + System.lineSeparator()
                    + "java.lang.IllegalArgumentException: the message of the failure"), err);
        }
    }

    @Test
    void theJdkSerializerCanBeChosenAndChildrenUseTheSame() {
        try (var root = RootJvm.start(RootScenarios.class, List.of("-Dmultiprocessing4j.serializer=jdk"), "serializer")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            String out = root.stdout();
            assertTrue(out.contains("child-says=hello via jdk"), out);
            assertTrue(out.contains("exit=0"), out);
            assertTrue(out.contains("unserialisable=java.lang.Object"), out);
        }
    }

    @Test
    void foryIsTheDefaultSerializer() {
        try (var root = RootJvm.start(RootScenarios.class, "serializer")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(root.stdout().contains("child-says=hello via fory"), root.stdout());
            assertTrue(root.stdout().contains("unserialisable=started"), "Fory carries a plain Object: " + root.stdout());
        }
    }

    @Test
    void exitTasksRunInPhaseOrderEvenWhenOneFails() {
        try (var root = RootJvm.start(RootScenarios.class, "exit-order")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            var lines = root.stdout().lines().filter(l -> l.startsWith("exit=")).toList();
            assertEquals(List.of("exit=children", "exit=session"), lines, root.stdout());
        }
    }
}
