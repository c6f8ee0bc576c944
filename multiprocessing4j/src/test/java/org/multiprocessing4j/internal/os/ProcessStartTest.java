package org.multiprocessing4j.internal.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process's start reads the same in every process, for its whole life, and reads 0 once it has
 * ended (a zombie included); on Linux it is in clock ticks since boot, which no clock step moves.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ProcessStartTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void aChildJvmAndItsParentReadTheSameStart() {
        assertNotEquals(0, ProcessStart.CURRENT);
        assertEquals(ProcessStart.CURRENT, ProcessStart.of(ProcessHandle.current().pid()));
        Queue<Long> own = Multiprocessing.queue();
        Queue<Boolean> done = Multiprocessing.queue();
        var child = Multiprocessing.process(() -> {
            own.put(ProcessStart.CURRENT);
            done.get();
        });
        child.start();
        try {
            long reported = own.get();
            assertEquals(reported, ProcessStart.of(child.pid()), "the child's own start and its parent's reading of it");
            assertTrue(reported >= ProcessStart.CURRENT, "a child starts after its parent");
        } finally {
            done.put(true);
            child.join(LIMIT);
        }
        assertEquals(0, child.exitCode());
        assertEquals(0, ProcessStart.of(child.pid()), "an ended process has no start");
    }

    @Test
    void onLinuxItCountsClockTicksSinceBootAndAZombieHasNone() throws Exception {
        if (!ProcessStart.inTicks()) {
            return; // elsewhere it is ProcessHandle's start instant, which the other test covers
        }
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.parseLong(fields[19]), ProcessStart.CURRENT, "field 22 of /proc/self/stat");

        // a shell whose background child ends while the shell, replaced by sleep, never reaps it
        var shell = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2 & echo $!; exec sleep 20").start();
        try (var out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII))) {
            long zombie = Long.parseLong(out.readLine().trim());
            Path zombieStat = Path.of("/proc", Long.toString(zombie), "stat");
            Await.until("the background sleep is a zombie", LIMIT, () -> {
                try {
                    String s = Files.readString(zombieStat);
                    return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertEquals(0, ProcessStart.of(zombie), "a zombie has ended");
            assertNotEquals(0, ProcessStart.of(shell.pid()), "its parent runs");
        } finally {
            shell.destroyForcibly();
            shell.waitFor();
        }
    }
}
