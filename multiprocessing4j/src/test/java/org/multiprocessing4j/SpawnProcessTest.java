package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Mailbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
     * configuration and by {@code System.exit}).
     */
    private static final List<String> LOGGER_SEARCHES = List.of(
            "jdk/internal/logger/BootstrapLogger$DetectBackend",
            "java/io/ObjectInputFilter$Config");

    /**
     * The JDK's search of the class path for any service, here the default {@code SelectorProvider}.
     * A child is spared it when its parent names the provider on its command line, which it does
     * when the child's class path holds nothing the parent did not search or that declares one
     * (JvmCommandTest), as here even after an earlier test of this JVM added a plugin's directory
     * (LaunchersTest).
     */
    private static final String SERVICE_SEARCH = "java/util/ServiceLoader$LazyClassPathLookupIterator";

    @Test
    void aChildOfALambdaSearchesTheClassPathForNoServiceFromStartToExit(@TempDir Path tmp) throws Exception {
        String b = box;
        Path log = tmp.resolve("init.log");
        var p = Process.builder().name("lean").daemon(true)
                .target(() -> {
                    Mailbox.put(b, "seen", Multiprocessing.currentProcess().getName() + "/"
                            + Multiprocessing.currentProcess().isDaemon());
                    Mailbox.put(b, "provider", String.valueOf(System.getProperty("java.nio.channels.spi.SelectorProvider")));
                })
                .jvmArgs("-Xlog:class+init=info:file=" + log)
                .startMethod(context().startMethod())
                .build();
        p.start();
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals("lean/true", Mailbox.get(b, "seen"), "the process arrives as it was sent");
        String initialised = Files.readString(log);
        assertTrue(initialised.contains("org/multiprocessing4j/internal/spawn/ChildMain"), "the log covers the child's run");
        for (String c : LOGGER_SEARCHES) {
            assertFalse(initialised.contains("'" + c + "'"), c + " was initialised in the child");
        }
        assertFalse(Mailbox.get(b, "provider").equals("null"), "the parent named the provider");
        assertFalse(initialised.contains("'" + SERVICE_SEARCH + "'"), "the child searched the class path for a service");
    }
}
