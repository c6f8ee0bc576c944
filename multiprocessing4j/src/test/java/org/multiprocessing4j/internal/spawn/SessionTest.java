package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.os.ProcessStart;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stale session directories are recognised by pid and start time. */
class SessionTest {

    @Test
    void sweepRemovesSessionsOfDeadOrReusedPidsAndKeepsLiveOnes() throws Exception {
        Path mine = Session.directory();
        var exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path root = Session.rootDirectory();
        Path dead = Files.createDirectories(root.resolve(exited.pid() + "-0-abcdef"));
        Files.writeString(dead.resolve("segment"), "left behind");
        long self = ProcessHandle.current().pid();
        Path reused = Files.createDirectories(root.resolve(self + "-1-abcdef")); // our pid, another start (milliseconds)
        Path reusedTicks = Files.createDirectories(root.resolve(self + "-t1-abcdef")); // the same in clock ticks

        assertTrue(Session.sweepStale() >= 3);

        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(reused));
        assertFalse(Files.exists(reusedTicks));
        assertTrue(Files.isDirectory(mine), "the live session stays");
        assertTrue(mine.getFileName().toString().startsWith(self + "-" + (ProcessStart.inTicks() ? "t" : "") + ProcessStart.CURRENT + "-"),
                mine.toString());
        assertTrue(Session.isAlive(self, ProcessStart.inTicks(), ProcessStart.CURRENT));
        // a name made in milliseconds (elsewhere, or by an earlier version) is still read as it was made
        assertTrue(Session.isAlive(self, false, ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()));
    }

    /** A watchdog whose process died before it opened its FIFO is let go by the sweep, not left waiting for good. */
    @Test
    void sweepLetsGoAWatchdogStillWaitingToOpenItsFifo() throws Exception {
        Session.directory();
        // The session's owner: alive until the sweep, so that the sweeps of other JVMs (the other
        // test fork, its children) leave its directory alone until then.
        var owner = new ProcessBuilder("sleep", "120").start();
        long started = owner.info().startInstant().orElseThrow().toEpochMilli();
        Path dead = Files.createDirectories(Session.rootDirectory().resolve(owner.pid() + "-" + started + "-fedcba"));
        Path fifo = dead.resolve(".watchdog-" + owner.pid());
        assertTrue(new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor() == 0);
        // as the watchdog's subshell: blocked opening the FIFO, whose writer is gone
        var stuck = new ProcessBuilder("/bin/sh", "-c", "read -r _ < \"$0\"", fifo.toString()).start();
        try {
            assertFalse(stuck.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS),
                    () -> "it waits for a writer, but it ended with " + stuck.exitValue());
            owner.destroyForcibly();
            owner.waitFor();

            Session.sweepStale();

            assertTrue(stuck.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the sweep let it go");
            assertFalse(Files.exists(dead));
        } finally {
            stuck.destroyForcibly();
            owner.destroyForcibly();
        }
    }
}
