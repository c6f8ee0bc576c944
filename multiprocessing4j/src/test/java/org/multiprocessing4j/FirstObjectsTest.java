package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
 * A fresh root JVM's first shared objects (a lock, a value, a queue, a pipe) reserve their
 * segments' pages without {@code posix_fallocate}: linking it and its {@code open} and
 * {@code close} through the FFM linker cost a cold program ~0.1 s before anything else needed
 * a native call (docs/BENCHMARKS.md, "A cold program's first object and its exit").
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(NoLeftoverProcesses.class)
class FirstObjectsTest {

    @Test
    void theFirstSharedObjectsLinkNoFileCall(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("root-init.log");
        try (var root = RootJvm.start(FirstObjectsTest.class, List.of("-Xlog:class+init=info:file=" + log))) {
            assertEquals(0, root.waitFor(Delays.seconds(60)), root.stderr());
            assertTrue(root.stdout().contains("got=42 hello"), root.stdout());
        }
        String initialised = Files.readString(log);
        assertTrue(initialised.contains("org/multiprocessing4j/internal/shm/Segment"), "the log covers the segments");
        assertFalse(initialised.contains("'org/multiprocessing4j/internal/os/Posix$FileCalls'"),
                "posix_fallocate, open and close were linked");
    }

    /** The root: one object of each kind, used once. */
    public static void main(String[] args) {
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
}
