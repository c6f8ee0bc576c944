package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.ring.QueueRing;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The body of a pipe's segment (DESIGN.md §5): the holders of its two ends and one ring of
 * frames per direction, each ring laid out as the queue's ({@code QueueDescriptor}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  | capacity (8 bytes): ring bytes of each direction              |    0
 *  +---------------------------------------------------------------+
 *  | rings: 2 (duplex) or 1 (one-way: only towards the left end)   |    8
 *  +---------------------------------------------------------------+
 *  | reserved                                                      |   12
 *  +---------------------------------------------------------------+
 *  | holders of the left end: a bit per slot, SLOTS / 64 longs     |   64
 *  +---------------------------------------------------------------+
 *  | holders of the right end: a bit per slot, SLOTS / 64 longs    |  192
 *  +---------------------------------------------------------------+
 *  | reserved                                                      |  320
 *  +---------------------------------------------------------------+
 *  | slots: SLOTS x 32 bytes, see below                            |  512
 *  +---------------------------------------------------------------+
 *  | ring towards the left end (frames the right end sent)         | RING_OFFSET
 *  +---------------------------------------------------------------+
 *  | ring towards the right end (duplex only)                      | RING_OFFSET + ringStride
 *  +---------------------------------------------------------------+
 *
 *  slot:  state (4)  | what (4)  | start (8)        | token (8) | reserved (8)
 *         state: 0 free, pid of the holder, or -pid of a process taking the slot away
 *         what:  bit 0 the end (0 left, 1 right), bit 1 EXPORT (a copy in transit)
 * </pre>
 *
 * A holder is a copy of an end in a process, or an export: a copy serialised to go to another
 * process and not yet claimed there. A slot <em>counts</em> while its bit is set in its end's
 * bitmap; "no holder of this end" is "every long of its bitmap is 0". A slot is reserved with a
 * CAS of its state from 0 to the owner's pid, filled, and only then counted with one atomic OR,
 * so a process killed at any point leaves either a reserved slot that does not count or a
 * counted slot that names its (dead) owner; both are reclaimed by whoever finds the owner dead
 * (pid and start time, so a reused pid does not pass for the dead process).
 */
public final class PipeDescriptor {

    /** The segment kind of a pipe. */
    public static final int KIND = 65;

    /** Holders (copies and copies in transit) one pipe can have at once, over both ends. */
    public static final int SLOTS = 1024;

    /** Longs in one end's bitmap. */
    public static final int BITMAP_LONGS = SLOTS / 64;

    public static final StructLayout HEADER = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("capacity"),
            ValueLayout.JAVA_INT.withName("rings"),
            MemoryLayout.paddingLayout(52),
            MemoryLayout.sequenceLayout(BITMAP_LONGS, ValueLayout.JAVA_LONG).withName("leftHolders"),
            MemoryLayout.sequenceLayout(BITMAP_LONGS, ValueLayout.JAVA_LONG).withName("rightHolders"),
            MemoryLayout.paddingLayout(192));

    public static final StructLayout SLOT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("state"),
            ValueLayout.JAVA_INT.withName("what"),
            ValueLayout.JAVA_LONG.withName("start"),
            ValueLayout.JAVA_LONG.withName("token"),
            MemoryLayout.paddingLayout(8));

    public static final long CAPACITY_OFFSET = offset(HEADER, "capacity");
    public static final long RINGS_OFFSET = offset(HEADER, "rings");
    public static final long LEFT_HOLDERS_OFFSET = offset(HEADER, "leftHolders");
    public static final long RIGHT_HOLDERS_OFFSET = offset(HEADER, "rightHolders");
    public static final long SLOTS_OFFSET = HEADER.byteSize();

    public static final long SLOT_STATE_OFFSET = offset(SLOT, "state");
    public static final long SLOT_WHAT_OFFSET = offset(SLOT, "what");
    public static final long SLOT_START_OFFSET = offset(SLOT, "start");
    public static final long SLOT_TOKEN_OFFSET = offset(SLOT, "token");
    public static final long SLOT_LENGTH = SLOT.byteSize();

    /** Where the first ring starts: after the slots, on a page boundary. */
    public static final long RING_OFFSET = align(SLOTS_OFFSET + SLOTS * SLOT_LENGTH, 4096);

    /** {@code what}: the slot holds a copy in transit, not a copy in a process. */
    public static final int EXPORT = 2;

    private PipeDescriptor() {}

    /** The offset of end {@code end}'s bitmap. */
    public static long holdersOffset(int end) {
        return end == 0 ? LEFT_HOLDERS_OFFSET : RIGHT_HOLDERS_OFFSET;
    }

    /** The offset of slot {@code i}. */
    public static long slotOffset(int i) {
        return SLOTS_OFFSET + i * SLOT_LENGTH;
    }

    /** The distance between the two rings for rings of {@code capacity} bytes. */
    public static long ringStride(long capacity) {
        return align(QueueRing.bodySize(capacity), 4096);
    }

    /** The offset of the ring that carries frames to end {@code end}. */
    public static long ringOffset(int end, long capacity) {
        return RING_OFFSET + end * ringStride(capacity);
    }

    /** The body size of a pipe with {@code rings} rings of {@code capacity} bytes. */
    public static long bodySize(long capacity, int rings) {
        return RING_OFFSET + rings * ringStride(capacity);
    }

    private static long align(long n, long to) {
        return (n + to - 1) / to * to;
    }

    private static long offset(StructLayout layout, String name) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
