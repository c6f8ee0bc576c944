package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhausted resources (issue 17): descriptors, the shared-memory file system. */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class ResourceExhaustionTest {

    /**
     * Before the fix the control socket's accept loop ended at its first failure and every later
     * start waited for ever; now it backs off and retries, and a child that cannot complete its
     * handshake gives up at the 20 s limit with the reason.
     */
    @Test
    void theControlSocketSurvivesRunningOutOfDescriptors() {
        try (var root = RootJvm.start(DescriptorExhaustionScenario.class)) {
            assertEquals(0, root.waitFor(Delays.seconds(150)), root.stdout() + root.stderr());
            String out = root.stdout();
            String err = root.stderr();
            assertTrue(out.contains("transient-exit=0"), "a start delayed by the failures completes:\n" + out + err);
            assertTrue(out.contains("lasting-exit=2"), "a start that cannot complete fails:\n" + out + err);
            long seconds = Long.parseLong(root.awaitLine("lasting-seconds=", Delays.seconds(1)));
            assertTrue(seconds >= 15 && seconds < 20 + Delays.seconds(20).toSeconds(), "within its handshake limit: " + seconds + " s");
            assertTrue(err.contains("Process lasting: cannot reach the parent process")
                    && err.contains("did not complete the handshake within 20 s"), err);
            assertTrue(err.contains("Too many open files"), "the parent says why:\n" + err);
            assertTrue(out.contains("after-exit=0"), "the accept loop still runs:\n" + out + err);
        }
    }
}
