package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Mailbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Process} under the {@code "spawn"} start method: a fresh child JVM per process. */
class SpawnProcessTest extends JvmProcessConformanceTest {

    @Override
    Context context() {
        return Multiprocessing.getContext("spawn");
    }

    /**
     * Each of these would make the child search every jar of its class path for a service,
     * opening each jar (tens of ms of CPU on a class path of a few dozen jars): a logger (the
     * JDK's first {@code System.Logger}, also asked for by {@code ObjectInputStream}'s filter
     * configuration and by {@code System.exit}), and the default {@code SelectorProvider}.
     */
    private static final List<String> SERVICE_SEARCHES = List.of(
            "jdk/internal/logger/BootstrapLogger$DetectBackend",
            "java/io/ObjectInputFilter$Config",
            "java/util/ServiceLoader$LazyClassPathLookupIterator");

    @Test
    void aChildOfALambdaSearchesTheClassPathForNoServiceFromStartToExit(@TempDir Path tmp) throws Exception {
        String b = box;
        Path log = tmp.resolve("init.log");
        var p = Process.builder().name("lean").daemon(true)
                .target(() -> Mailbox.put(b, "seen", Multiprocessing.currentProcess().getName() + "/"
                        + Multiprocessing.currentProcess().isDaemon()))
                .jvmArgs("-Xlog:class+init=info:file=" + log)
                .startMethod(context().startMethod())
                .build();
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals("lean/true", Mailbox.get(b, "seen"), "the process arrives as it was sent");
        String initialised = Files.readString(log);
        assertTrue(initialised.contains("org/multiprocessing4j/internal/spawn/ChildMain"), "the log covers the child's run");
        for (String c : SERVICE_SEARCHES) {
            assertTrue(!initialised.contains("'" + c + "'"), c + " was initialised in the child");
        }
    }
}
