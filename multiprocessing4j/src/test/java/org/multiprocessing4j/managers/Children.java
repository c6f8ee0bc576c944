package org.multiprocessing4j.managers;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.testing.Delays;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a child JVM to completion for the manager tests. */
final class Children {

    static final Duration LIMIT = Delays.seconds(30);

    private Children() {}

    static void run(SerializableRunnable target) {
        var p = new Process(target);
        p.start();
        assertTrue(p.join(LIMIT), "child did not finish");
        assertEquals(0, p.exitCode(), "child failed");
        p.close();
    }
}
