package org.multiprocessing4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Process} under the {@code "warm"} start method: the whole conformance suite of a child
 * JVM, plus what spares add.
 *
 * <p>Idle spares are children of this JVM. They live on from one test to the next (so that each
 * test's process starts on a spare booted during an earlier test, instead of every test booting
 * one and retiring its replacement): after a test {@code NoLeftoverProcesses} allows the current
 * spares and nothing else. A test that sets the number of spares retires them in its cleanup, and
 * the class retires them at its end, checked there, and then nothing may be left.
 */
class WarmProcessTest extends JvmProcessConformanceTest implements NoLeftoverProcesses.ClassScopedChildren {

    @Override
    Context context() {
        return Multiprocessing.getContext("warm");
    }

    @Override
    public Set<Long> classScopedPids() {
        return Set.copyOf(WarmSpares.sparePids());
    }

    @AfterEach
    void retireSparesAfterATestThatConfiguredThem() {
        if (System.getProperty(Configuration.WARM_SPARES_PROP_NAME) != null) {
            System.clearProperty(Configuration.WARM_SPARES_PROP_NAME);
            retireSpares();
        }
    }

    @AfterAll
    static void retireSpares() {
        WarmSpares.shutdown();
        assertEquals(List.of(), WarmSpares.sparePids());
    }

    private static List<Long> readySpares(int count) {
        Await.until(count + " warm spares are ready", LIMIT, () -> WarmSpares.ready() >= count);
        return WarmSpares.sparePids();
    }

    @Test
    void aProcessRunsOnTheSpareBootedBeforeItsStartAndTheSpareIsReplaced() {
        String b = box;
        context();
        long spare = readySpares(1).getFirst();
        var p = process(() -> Mailbox.put(b, "pid", ProcessHandle.current().pid()));
        p.start();
        assertEquals(spare, p.pid());
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertEquals(Long.toString(spare), Mailbox.get(b, "pid"));
        Await.until("the spare is replaced", LIMIT,
                () -> WarmSpares.ready() >= 1 && !WarmSpares.sparePids().contains(spare));
    }

    @Test
    void aProcessWithJvmArgumentsOrEnvironmentOfItsOwnIsSpawnedAfresh() {
        String b = box;
        context();
        List<Long> spares = readySpares(1);
        var p = context().processBuilder()
                .target(() -> Mailbox.put(b, "env", System.getenv("MP4J_WARM_ENV")))
                .env("MP4J_WARM_ENV", "own")
                .build();
        p.start();
        assertFalse(spares.contains(p.pid()), "a spare was booted without the process's environment");
        assertTrue(p.join(LIMIT));
        assertEquals("own", Mailbox.get(b, "env"));
        assertEquals(spares, WarmSpares.sparePids(), "the spare is still waiting");
    }

    @Test
    void theNumberOfSparesComesFromTheSystemPropertyAndShutdownRetiresThem() {
        System.setProperty(Configuration.WARM_SPARES_PROP_NAME, "2");
        context();
        List<Long> spares = readySpares(2);
        assertEquals(2, spares.size());
        WarmSpares.shutdown();
        assertEquals(List.of(), WarmSpares.sparePids());
        for (long pid : spares) {
            Await.processGone(pid, Delays.seconds(10));
        }
        var p = process(() -> { });
        p.start();
        assertTrue(p.join(LIMIT), "a start after shutdown boots a new spare");
        assertEquals(0, p.exitCode());
    }

    @Test
    void aBadNumberOfSparesIsRefusedInStartNamingTheProperty() {
        System.setProperty(Configuration.WARM_SPARES_PROP_NAME, "-1");
        var p = Process.builder().target(() -> { }).startMethod("warm").build();
        var e = assertThrows(IllegalArgumentException.class, p::start);
        assertTrue(e.getMessage().contains(Configuration.WARM_SPARES_PROP_NAME + "=-1"), e.getMessage());
        assertEquals(-1, p.pid(), "nothing was started");
    }

    @Test
    void sparesAndTheirProcessesDieWhenTheRootIsKilled() {
        try (var root = RootJvm.start(RootScenarios.class, List.of("-D" + Configuration.WARM_SPARES_PROP_NAME + "=2"), "warm-spares")) {
            long running = Long.parseLong(root.awaitLine("running=", LIMIT));
            List<Long> idle = Arrays.stream(root.awaitLine("idle=", LIMIT).split(",")).map(Long::parseLong).toList();
            assertEquals(2, idle.size(), root.stdout());
            root.kill();
            root.waitFor(LIMIT);
            Await.processGone(running, Delays.seconds(10));
            for (long pid : idle) {
                Await.processGone(pid, Delays.seconds(10));
            }
        }
    }
}
