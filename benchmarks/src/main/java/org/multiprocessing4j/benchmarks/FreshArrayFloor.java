package org.multiprocessing4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A second floor under {@code queue_1MiB_MB_per_s}, run by bench/compare in a JVM of its own:
 * what a getter cannot avoid in a JVM that has not used its heap yet. It copies 200 messages of
 * 1 MiB out of a 16 MiB ring mapped from {@code /dev/shm} (touched beforehand, so that no fault
 * of the ring is counted) into a new {@code byte[]} each, as {@code Queue.get} must return one.
 * A fresh heap's pages are faulted in as the arrays first touch them, which {@link MemcpyFloor}
 * leaves out on purpose; on the VMs we measure on a fault costs microseconds, so this floor is
 * far below the memcpy floor. Prints {@code fresh_array_1MiB_MB_per_s<TAB>figure}.
 */
public final class FreshArrayFloor {

    private static final int MESSAGES = 200; // as many as queue_1MiB_MB_per_s passes

    private FreshArrayFloor() {}

    public static void main(String[] args) {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = null;
        try (var arena = Arena.ofConfined()) {
            file = Files.createTempFile(dir, "mp4j-bench-fresh-", ".ring");
            MemorySegment ring;
            try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ring = ch.map(FileChannel.MapMode.READ_WRITE, 0, MemcpyFloor.RING, arena);
            }
            ring.fill((byte) 'x'); // every page of the ring is in: only the heap's first touch is counted
            int slots = MemcpyFloor.RING / MemcpyFloor.SIZE;
            long sum = 0;
            long t = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                byte[] got = ring.asSlice((long) (i % slots) * MemcpyFloor.SIZE, MemcpyFloor.SIZE).toArray(ValueLayout.JAVA_BYTE);
                sum += got[got.length - 1];
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            if (sum != (long) MESSAGES * 'x') {
                throw new AssertionError("the copies did not arrive");
            }
            System.out.println(String.format(Locale.ROOT, "fresh_array_1MiB_MB_per_s\t%.1f",
                    (double) MESSAGES * MemcpyFloor.SIZE / seconds / 1e6));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    System.err.println("could not delete " + file + ": " + e);
                }
            }
        }
    }
}
