package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that leaves a manager, a pool and an executor open and returns from {@code main}
 * exits by itself, quietly, soon (CPython shuts them down at exit): nothing the library starts
 * keeps a finished program alive, and shutting down at exit prints nothing.
 */
@ExtendWith(NoLeftoverProcesses.class)
class UnclosedAtExitTest {

    /** Five JVMs start before main returns: on a loaded 2-core machine that takes minutes. */
    static final Duration START_LIMIT = Delays.seconds(240);
    /** Without the fix the JVM never exits; with it, seconds (measured and printed). */
    static final Duration EXIT_LIMIT = Delays.seconds(120);

    @Test
    void aProgramWithAnUnclosedManagerPoolAndExecutorExitsQuietly() {
        try (var root = RootJvm.start(UnclosedAtExit.class, "manager", "pool", "executor")) {
            long returned = Long.parseLong(root.awaitLine("main-returns=", START_LIMIT));
            assertEquals(0, root.waitFor(EXIT_LIMIT), root.stderr());
            long exitMillis = System.currentTimeMillis() - returned;
            System.out.println("UnclosedAtExitTest: from main's return to the JVM's exit: " + exitMillis + " ms");
            assertTrue(root.stdout().contains("manager-value=42"), root.stdout());
            assertTrue(root.stdout().contains("pool-squares=[1, 4, 9]"), root.stdout());
            assertTrue(root.stdout().contains("executor-result=42"), root.stdout());
            assertEquals("", root.stderr().strip(), "nothing on stderr at exit");
        }
    }
}
