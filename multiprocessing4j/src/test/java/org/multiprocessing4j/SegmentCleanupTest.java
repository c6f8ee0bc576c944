package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.Futex;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments of a root killed with {@code kill -9}, and the portable wait strategy; separate root JVMs. */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class})
class SegmentCleanupTest {

    @Test
    void theWatchdogRemovesTheSegmentsOfAKilledRootWithoutASweep() throws Exception {
        try (var root = RootJvm.start(ShmScenarios.class, "hold-segments")) {
            Path session = Path.of(root.awaitLine("session=", Delays.seconds(60)));
            long child = Long.parseLong(root.awaitLine("child=", Delays.seconds(60)));
            try (var files = Files.list(session)) {
                assertTrue(files.filter(p -> p.getFileName().toString().startsWith("seg-")).count() >= 3,
                        "a lock, a value and its lock");
            }
            root.kill();
            root.waitFor(Delays.seconds(30));
            Await.processGone(child, Delays.seconds(10));
            Await.until("the watchdog removed " + session, Delays.seconds(10), () -> !Files.exists(session));
        }
    }

    @Test
    void theSpinAndParkStrategyGivesExactCounts() {
        try (var root = RootJvm.start(ShmScenarios.class, List.of("-D" + Configuration.WAIT_PROP_NAME + "=spin"), "spin-lock")) {
            assertEquals(0, root.waitFor(Delays.seconds(90)), root.stderr());
            String out = root.stdout();
            assertTrue(out.contains("native=false"), out);
            assertTrue(out.contains("total=40000"), out);
            assertTrue(out.contains("exits=[0, 0]"), out);
        }
    }

    @Test
    void thisJvmUsesTheFutexOnLinux() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(Futex.isNative());
        }
    }
}
