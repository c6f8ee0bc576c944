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
 * The floor under {@code queue_1MiB_MB_per_s}: the copies a 1 MiB queue message cannot avoid,
 * done in one JVM with {@link MemorySegment#copy}: from a 1 MiB buffer into the next 1 MiB slot
 * of a 16 MiB ring mapped from {@code /dev/shm} (the temporary directory where there is none;
 * 16 MiB is a queue ring's default size) and from there into a second 1 MiB buffer. A message
 * crosses at least these two copies, plus its serialisation, so the queue's rate can approach
 * this figure but not pass it. The ring is larger than the caches of the machines we measure
 * on, as a queue's is, so this is not a cache-speed copy (the first floor, 1 MiB to 1 MiB, was:
 * tens of GB/s).
 */
final class MemcpyFloor {

    static final int SIZE = 1 << 20;
    static final int RING = 16 * SIZE;
    private static final int WARM_UP = 64;
    private static final int COPIES = 1024;

    private MemcpyFloor() {}

    /** MB/s (10^6 bytes) of {@value #COPIES} messages of 1 MiB through the ring, after {@value #WARM_UP} untimed ones. */
    static double measure() {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path a = null;
        Path b = null;
        try (var arena = Arena.ofConfined()) {
            a = Files.createTempFile(dir, "mp4j-bench-memcpy-", ".a");
            b = Files.createTempFile(dir, "mp4j-bench-memcpy-", ".b");
            MemorySegment ring = map(a, RING, arena);
            MemorySegment from = arena.allocate(SIZE, 64);
            MemorySegment to = map(b, SIZE, arena);
            from.fill((byte) 'x');
            ring.fill((byte) 0); // touch every page, so that the timed copies fault none in
            to.fill((byte) 0);
            for (int i = 0; i < WARM_UP; i++) {
                throughRing(from, ring, to, i);
            }
            long t = System.nanoTime();
            for (int i = 0; i < COPIES; i++) {
                throughRing(from, ring, to, i);
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

    /** Message {@code i}: into its slot of the ring, then out of it. */
    private static void throughRing(MemorySegment from, MemorySegment ring, MemorySegment to, int i) {
        long slot = (long) (i % (RING / SIZE)) * SIZE;
        MemorySegment.copy(from, 0, ring, slot, SIZE);
        MemorySegment.copy(ring, slot, to, 0, SIZE);
    }

    private static MemorySegment map(Path file, long size, Arena arena) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
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
