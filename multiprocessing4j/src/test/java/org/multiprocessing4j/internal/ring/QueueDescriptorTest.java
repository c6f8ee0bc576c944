package org.multiprocessing4j.internal.ring;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.os.Posix;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue layout is the one {@link QueueDescriptor}'s diagram documents, and the ring wraps correctly. */
class QueueDescriptorTest {

    @Test
    void offsetsMatchTheDiagram() {
        assertEquals(0, QueueDescriptor.MUTEX_OFFSET);
        assertEquals(64, QueueDescriptor.NOT_EMPTY_OFFSET);
        assertEquals(128, QueueDescriptor.NOT_FULL_OFFSET);
        assertEquals(192, QueueDescriptor.UNFINISHED_OFFSET);
        assertEquals(256, QueueDescriptor.HEAD_OFFSET);
        assertEquals(320, QueueDescriptor.TAIL_OFFSET);
        assertEquals(384, QueueDescriptor.CAPACITY_OFFSET);
        assertEquals(392, QueueDescriptor.MAXSIZE_OFFSET);
        assertEquals(396, QueueDescriptor.CLAIM_OFFSET);
        assertEquals(400, QueueDescriptor.HELD_OFFSET);
        assertEquals(512, QueueDescriptor.DATA_OFFSET);
        assertEquals(8, QueueDescriptor.frameLength(0));
        assertEquals(16, QueueDescriptor.frameLength(1));
        assertEquals(16, QueueDescriptor.frameLength(8));
    }

    @Test
    void framesOfEverySizeWrapAroundTheRingInOrder() throws Exception {
        try (var arena = Arena.ofConfined()) {
            var body = arena.allocate(QueueRing.bodySize(4096), 64);
            QueueRing.format(body, 4096, 0);
            var ring = new QueueRing(body);
            int next = 0;
            int taken = 0;
            // Sizes that do not divide the ring, so wrap markers land at many positions.
            for (int round = 0; round < 400; round++) {
                int size = 1 + (round * 37) % 1900;
                byte[] item = new byte[size];
                item[0] = (byte) next;
                item[size - 1] = (byte) (next * 7);
                while (!ring.put(ring.frameOf(item, true), 0)) { // take until a contiguous place frees up
                    assertTrue(taken < next, "an empty ring takes any inline frame");
                    byte[] got = ring.take(0).payload();
                    assertEquals((byte) taken, got[0]);
                    assertEquals((byte) (taken * 7), got[got.length - 1]);
                    taken++;
                }
                next++;
            }
            while (taken < next) {
                byte[] got = ring.take(0).payload();
                assertEquals((byte) taken, got[0]);
                taken++;
            }
            assertNull(ring.take(0));
            assertEquals(0, ring.size());
        }
    }

    @Test
    void aRingMappedFromAFileIsPopulatedAheadAndItsFramesSurviveManyLaps() throws Exception {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = Files.createTempFile(dir, "mp4j-test-ring-", ".q");
        long capacity = 1 << 20;
        try (var arena = Arena.ofConfined(); var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var body = ch.map(FileChannel.MapMode.READ_WRITE, 0, QueueRing.bodySize(capacity), arena);
            if (Posix.isLinux()) {
                assertTrue(Posix.populate(body.asSlice(100, 5000), false), "madvise(MADV_POPULATE_READ), Linux 5.14 and later");
            }
            QueueRing.format(body, capacity, 0);
            var ring = new QueueRing(body);
            var random = new Random(7);
            int next = 0;
            int taken = 0;
            while (next < 400) { // about 40 laps of the ring, items of up to 256 KiB
                byte[] item = new byte[1 + random.nextInt(256 * 1024)];
                Arrays.fill(item, (byte) next);
                if (ring.put(ring.frameOf(item, true), 0)) {
                    next++;
                    continue;
                }
                byte[] got = ring.take(0).payload();
                for (byte b : new byte[] {got[0], got[got.length / 2], got[got.length - 1]}) {
                    assertEquals((byte) taken, b, "item " + taken);
                }
                taken++;
            }
            while (ring.take(0) != null) {
                taken++;
            }
            assertEquals(next, taken);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aCorruptCapacityIsRefused() {
        try (var arena = Arena.ofConfined()) {
            var body = arena.allocate(QueueRing.bodySize(4096), 64);
            QueueRing.format(body, 8192, 0);
            assertThrows(IllegalStateException.class, () -> new QueueRing(body));
        }
    }
}
