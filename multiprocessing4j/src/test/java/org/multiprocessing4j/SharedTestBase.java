package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests of the shared-memory types share: a mailbox and running children to the end. */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class})
abstract class SharedTestBase {

    static final Duration LIMIT = Delays.childLifetime();

    String box;

    @BeforeEach
    void createMailbox() {
        box = Mailbox.create();
    }

    @AfterEach
    void deleteMailbox() {
        Mailbox.delete(box);
    }

    /** Starts a child JVM running {@code target}. */
    static Process start(SerializableRunnable target) {
        var p = new Process(target);
        p.start();
        return p;
    }

    /** Joins {@code p} and checks that it ended normally. */
    static void joinOk(Process p) {
        assertTrue(p.join(LIMIT), "the child is still running");
        assertEquals(0, p.exitCode(), "exit code of " + p.getName());
    }
}
