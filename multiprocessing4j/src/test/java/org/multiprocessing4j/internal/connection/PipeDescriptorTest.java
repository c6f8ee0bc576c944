package org.multiprocessing4j.internal.connection;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.ring.QueueRing;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipe layout is the one {@link PipeDescriptor}'s diagram documents; holders count as it says. */
class PipeDescriptorTest {

    @Test
    void offsetsMatchTheDiagram() {
        assertEquals(0, PipeDescriptor.CAPACITY_OFFSET);
        assertEquals(8, PipeDescriptor.RINGS_OFFSET);
        assertEquals(64, PipeDescriptor.LEFT_HOLDERS_OFFSET);
        assertEquals(192, PipeDescriptor.RIGHT_HOLDERS_OFFSET);
        assertEquals(512, PipeDescriptor.SLOTS_OFFSET);
        assertEquals(0, PipeDescriptor.SLOT_STATE_OFFSET);
        assertEquals(4, PipeDescriptor.SLOT_WHAT_OFFSET);
        assertEquals(8, PipeDescriptor.SLOT_START_OFFSET);
        assertEquals(16, PipeDescriptor.SLOT_TOKEN_OFFSET);
        assertEquals(32, PipeDescriptor.SLOT_LENGTH);
        assertEquals(512 + 1024 * 32, PipeDescriptor.slotOffset(1024));
        assertEquals(36_864, PipeDescriptor.RING_OFFSET, "the first page boundary after the slots");
        long capacity = 1 << 20;
        assertEquals(PipeDescriptor.RING_OFFSET, PipeDescriptor.ringOffset(0, capacity));
        assertEquals(PipeDescriptor.RING_OFFSET + (1 << 20) + 4096, PipeDescriptor.ringOffset(1, capacity),
                "the ring's 512-byte header and 1 MiB of frames, rounded up to a page");
        assertEquals(QueueRing.bodySize(capacity), 512 + capacity);
        assertEquals(PipeDescriptor.ringOffset(1, capacity) + (1 << 20) + 4096, PipeDescriptor.bodySize(capacity, 2));
    }

    @Test
    void holdersCountPerEndAndAnExportIsRemovedOnce() {
        try (var arena = Arena.ofConfined()) {
            var holders = new PipeHolders(arena.allocate(PipeDescriptor.RING_OFFSET, 64));
            assertFalse(holders.any(0));
            int left = holders.add(0, 0);
            int export = holders.add(1, 42);
            assertTrue(holders.any(0));
            assertEquals(1, holders.count(1));
            assertFalse(holders.removeExport(export, 41), "a wrong token removes nothing");
            assertFalse(holders.removeExport(left, 0), "a copy is not an export");
            assertTrue(holders.removeExport(export, 42));
            assertFalse(holders.removeExport(export, 42), "claimed or withdrawn once");
            assertFalse(holders.any(1));
            assertEquals(0, holders.reclaimDead(), "this process's own holders are alive");
            holders.remove(left);
            assertFalse(holders.any(0));
        }
    }

    @Test
    void holdersOfADeadProcessAreReclaimedAndAFullTableFreesTheSlotsThatCountForNothing() throws Exception {
        var dead = new ProcessBuilder("true").start();
        dead.waitFor();
        int deadPid = (int) dead.pid(); // not re-used so soon; its start time would not match anyway
        try (var arena = Arena.ofConfined()) {
            var body = arena.allocate(PipeDescriptor.RING_OFFSET, 64);
            var holders = new PipeHolders(body);
            int mine = holders.add(0, 0);
            int copy = holders.add(1, 0);
            body.set(ValueLayout.JAVA_INT, PipeDescriptor.slotOffset(copy) + PipeDescriptor.SLOT_STATE_OFFSET, deadPid);
            assertTrue(holders.any(1), "counts until a scan finds its process dead");
            assertEquals(1, holders.reclaimDead());
            assertFalse(holders.any(1));
            assertTrue(holders.any(0), "the living holder stays");
            // Every other slot reserved by the dead process, which died before it set the bits:
            // they count for nothing, the scan of counted slots passes them, and an add frees them.
            for (int i = 0; i < PipeDescriptor.SLOTS; i++) {
                if (i != mine) {
                    body.set(ValueLayout.JAVA_INT, PipeDescriptor.slotOffset(i) + PipeDescriptor.SLOT_STATE_OFFSET, deadPid);
                }
            }
            assertEquals(0, holders.reclaimDead());
            int added = holders.add(1, 0);
            assertTrue(holders.any(1));
            assertEquals(1, holders.count(1));
            holders.remove(added);
            holders.remove(mine);
            assertFalse(holders.any(0) || holders.any(1));
        }
    }
}
