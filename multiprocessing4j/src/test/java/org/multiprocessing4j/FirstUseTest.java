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
 * What a fresh root JVM does at its first use of the library, each case in a JVM of its own whose
 * class initialisations are logged (docs/BENCHMARKS.md, "second pass" and "A cold program's first
 * object and its exit").
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(NoLeftoverProcesses.class)
class FirstUseTest {

    /**
     * The session watchdog starts on the launcher thread while the root prepares its first child,
     * and still holds the session directory before anything uses it; the control server's
     * handshake does not start the JVM's virtual-thread machinery (their scheduler and socket
     * poller cost a cold parent ~30 ms, and the poller's threads, blocked in native code, delayed
     * the JVM's exit by ~0.3 s: HotSpot waits up to 300 ms for such threads).
     */
    @Test
    void theWatchdogHoldsTheSessionAndNoVirtualThreadStarts(@TempDir Path tmp) throws IOException {
        var run = runRoot("first-child", tmp);
        assertTrue(run.out().contains("held=true"), "the watchdog's shell holds the FIFO when directory() returns: " + run.out());
        assertTrue(run.out().contains("exit=0"), run.out());
        assertTrue(run.initialised().contains("org/multiprocessing4j/internal/spawn/SpawnPopen"), "the log covers the child's start");
        assertFalse(run.initialised().contains("'java/lang/VirtualThread'"), "a virtual thread was started for the first child");
    }

    /**
     * The first shared objects (a lock, a value, a queue, a pipe) reserve their segments' pages
     * without {@code posix_fallocate}: linking it and its {@code open} and {@code close} through
     * the FFM linker cost a cold program ~0.1 s before anything else needed a native call.
     */
    @Test
    void theFirstSharedObjectsLinkNoFileCall(@TempDir Path tmp) throws IOException {
        var run = runRoot("first-objects", tmp);
        assertTrue(run.out().contains("got=42 hello"), run.out());
        assertTrue(run.initialised().contains("org/multiprocessing4j/internal/shm/Segment"), "the log covers the segments");
        assertFalse(run.initialised().contains("'org/multiprocessing4j/internal/os/Posix$FileCalls'"),
                "posix_fallocate, open and close were linked");
    }

    private record Run(String out, String initialised) {}

    /** Runs {@link #main} with {@code scenario} in a root JVM to its end (status 0). */
    private static Run runRoot(String scenario, Path tmp) throws IOException {
        Path log = tmp.resolve("root-init.log");
        String out;
        try (var root = RootJvm.start(FirstUseTest.class, List.of("-Xlog:class+init=info:file=" + log), scenario)) {
            assertEquals(0, root.waitFor(Delays.seconds(60)), root.stderr());
            out = root.stdout();
        }
        return new Run(out, Files.readString(log));
    }

    /** The roots. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "first-child" -> firstChild();
            case "first-objects" -> firstObjects();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Its session, then one child. */
    private static void firstChild() throws IOException {
        Path fifo = Session.directory().resolve(".watchdog-" + ProcessHandle.current().pid());
        System.out.println("held=" + openedByAnotherProcess(fifo));
        var p = new Process(() -> {});
        p.start();
        p.join();
        System.out.println("exit=" + p.exitCode());
    }

    /** One shared object of each kind, used once. */
    private static void firstObjects() {
        var ctx = Multiprocessing.getContext();
        var lock = ctx.lock();
        lock.acquire();
        lock.release();
        var value = Value.ofInt(1);
        value.set(2);
        var queue = ctx.<Integer>queue();
        queue.put(42);
        int got = queue.get();
        var pipe = Pipe.open();
        pipe.right().send("hello");
        System.out.println("got=" + got + " " + pipe.left().recv());
        queue.close();
        pipe.close();
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
