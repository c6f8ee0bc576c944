package org.multiprocessing4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor under {@code queue_1MiB_MB_per_s}: what copying 1 MiB between two memory-mapped
 * files costs in one JVM ({@link MemorySegment#copy} between two 1 MiB files mapped from
 * {@code /dev/shm}, or the temporary directory where there is none). A queue message of 1 MiB
 * crosses at least one such copy into the shared segment and one out of it, plus its
 * serialisation, so the queue's rate can approach this figure but not pass it.
 */
final class MemcpyFloor {

    static final int SIZE = 1 << 20;
    private static final int WARM_UP = 200;
    private static final int COPIES = 2000;

    private MemcpyFloor() {}

    /** MB/s (10^6 bytes) of {@value #COPIES} copies of 1 MiB, after {@value #WARM_UP} untimed ones. */
    static double measure() {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path a = null;
        Path b = null;
        try (var arena = Arena.ofConfined()) {
            a = Files.createTempFile(dir, "mp4j-bench-memcpy-", ".a");
            b = Files.createTempFile(dir, "mp4j-bench-memcpy-", ".b");
            MemorySegment from = map(a, arena);
            MemorySegment to = map(b, arena);
            from.fill((byte) 'x');
            to.fill((byte) 0); // touch every page of both, so that the timed copies fault none in
            for (int i = 0; i < WARM_UP; i++) {
                MemorySegment.copy(from, 0, to, 0, SIZE);
            }
            long t = System.nanoTime();
            for (int i = 0; i < COPIES; i++) {
                MemorySegment.copy(from, 0, to, 0, SIZE);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            if (to.get(java.lang.foreign.ValueLayout.JAVA_BYTE, SIZE - 1) != 'x') {
                throw new AssertionError("the copy did not arrive");
            }
            return (double) COPIES * SIZE / seconds / 1e6;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(a);
            deleteQuietly(b);
        }
    }

    private static MemorySegment map(Path file, Arena arena) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover file in /dev/shm is named mp4j-bench-memcpy-*; nothing else to do here
            }
        }
    }
}
