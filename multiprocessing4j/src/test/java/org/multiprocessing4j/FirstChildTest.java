package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a fresh root JVM does for its first child, in a JVM of its own: the session watchdog
 * starts on the launcher thread while the root prepares the child, and still holds the session
 * directory before anything uses it; the control server's handshake does not start the JVM's
 * virtual-thread machinery (their scheduler and socket poller cost a cold parent ~30 ms, and the
 * poller's threads, blocked in native code, delayed the JVM's exit by ~0.3 s: HotSpot waits up to
 * 300 ms for such threads).
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(NoLeftoverProcesses.class)
class FirstChildTest {

    @Test
    void theWatchdogHoldsTheSessionAndNoVirtualThreadStarts(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("root-init.log");
        try (var root = RootJvm.start(FirstChildTest.class, List.of("-Xlog:class+init=info:file=" + log))) {
            assertEquals(0, root.waitFor(Delays.seconds(60)), root.stderr());
            String out = root.stdout();
            assertTrue(out.contains("held=true"), "the watchdog's shell holds the FIFO when directory() returns: " + out);
            assertTrue(out.contains("exit=0"), out);
        }
        String initialised = Files.readString(log);
        assertTrue(initialised.contains("org/multiprocessing4j/internal/spawn/ControlServer"), "the log covers the child's start");
        assertFalse(initialised.contains("'java/lang/VirtualThread'"), "a virtual thread was started for the first child");
    }

    /** The root: its session, then one child. */
    public static void main(String[] args) throws Exception {
        Path fifo = Session.directory().resolve(".watchdog-" + ProcessHandle.current().pid());
        System.out.println("held=" + openedByAnotherProcess(fifo));
        var p = new Process(() -> {});
        p.start();
        p.join();
        System.out.println("exit=" + p.exitCode());
    }

    /** Whether a process other than this one has {@code file} open (Linux's /proc). */
    private static boolean openedByAnotherProcess(Path file) throws IOException {
        long self = ProcessHandle.current().pid();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try (var fds = Files.list(proc.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (Files.readSymbolicLink(fd).equals(file)) {
                                return true;
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // gone, or not ours to read
                }
            }
        }
        return false;
    }
}
