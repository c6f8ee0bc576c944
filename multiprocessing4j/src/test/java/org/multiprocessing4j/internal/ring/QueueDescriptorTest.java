package org.multiprocessing4j.internal.ring;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

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
    void aCorruptCapacityIsRefused() {
        try (var arena = Arena.ofConfined()) {
            var body = arena.allocate(QueueRing.bodySize(4096), 64);
            QueueRing.format(body, 8192, 0);
            assertThrows(IllegalStateException.class, () -> new QueueRing(body));
        }
    }
}
