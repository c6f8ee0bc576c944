package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;

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
        Path reused = Files.createDirectories(root.resolve(self + "-1-abcdef")); // our pid, another start time

        assertTrue(Session.sweepStale() >= 2);

        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(reused));
        assertTrue(Files.isDirectory(mine), "the live session stays");
        assertTrue(Session.isAlive(self, ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()));
    }
}
