package org.multiprocessing4j.internal.ring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The body of a queue's segment (DESIGN.md §5): the core lock, three wait groups, the two
 * commit words and the ring of frames. Every group starts on its own 64-byte line, so getters
 * writing the head do not bounce the line putters write the tail on.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  | mutex: word (owner pid), sleepers, sequence, wake pending,    |   0
 *  |        owner thread (the first 24 bytes of SyncDescriptor)    |
 *  +---------------------------------------------------------------+
 *  | not empty: word (unused), sleepers, sequence, wake pending    |  64
 *  +---------------------------------------------------------------+
 *  | not full: word (unused), sleepers, sequence, wake pending     | 128
 *  +---------------------------------------------------------------+
 *  | unfinished: word = tasks put and not yet done (JoinableQueue),| 192
 *  |             sleepers, sequence, wake pending                  |
 *  +---------------------------------------------------------------+
 *  | head (8 bytes): get sequence (high 32) | read position (low 32)| 256
 *  +---------------------------------------------------------------+
 *  | tail (8 bytes): put sequence (high 32) | write position       | 320
 *  +---------------------------------------------------------------+
 *  | capacity (8 bytes): ring bytes, a multiple of 8               | 384
 *  +---------------------------------------------------------------+
 *  | maxsize: most items held (0 = unbounded)                      | 392
 *  +---------------------------------------------------------------+
 *  | claim: pid of the getter copying the head frame out (0: none) | 396
 *  +---------------------------------------------------------------+
 *  | held: items put and held by feeder threads, not yet in the    | 400
 *  |       ring (counted in qsize, as CPython counts in put)       |
 *  +---------------------------------------------------------------+
 *  | reserved                                                      | 404
 *  +---------------------------------------------------------------+
 *  | ring: capacity bytes of frames                                | 512
 *  |   frame: length (4) | type (4) | payload | padding to 8       |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Frame types: {@link #OBJECT} (an item encoded by the process serializer), {@link #BYTES} (a
 * {@code byte[]} item as is, which needs no encoding), either with the flag {@link #OVERFLOW}
 * (the payload is then the ASCII name of an overflow segment of the session holding the item),
 * and {@link #WRAP} (the rest of the ring is unused; the next frame starts at position 0). The
 * item count is
 * {@code putSequence - getSequence} (32-bit arithmetic); when it is 0 the two positions are
 * equal. Head and tail are each written with one release store, which is what makes a frame
 * visible (tail) or gone (head): a process that dies while it holds the mutex leaves either
 * the old or the new word, never half of an update.
 */
public final class QueueDescriptor {

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("mutexWord"),
            ValueLayout.JAVA_INT.withName("mutexSleepers"),
            ValueLayout.JAVA_INT.withName("mutexSequence"),
            ValueLayout.JAVA_INT.withName("mutexWakePending"),
            ValueLayout.JAVA_LONG.withName("mutexOwnerThread"),
            MemoryLayout.paddingLayout(40),
            ValueLayout.JAVA_INT.withName("notEmptyWord"),
            ValueLayout.JAVA_INT.withName("notEmptySleepers"),
            ValueLayout.JAVA_INT.withName("notEmptySequence"),
            ValueLayout.JAVA_INT.withName("notEmptyWakePending"),
            MemoryLayout.paddingLayout(48),
            ValueLayout.JAVA_INT.withName("notFullWord"),
            ValueLayout.JAVA_INT.withName("notFullSleepers"),
            ValueLayout.JAVA_INT.withName("notFullSequence"),
            ValueLayout.JAVA_INT.withName("notFullWakePending"),
            MemoryLayout.paddingLayout(48),
            ValueLayout.JAVA_INT.withName("unfinishedWord"),
            ValueLayout.JAVA_INT.withName("unfinishedSleepers"),
            ValueLayout.JAVA_INT.withName("unfinishedSequence"),
            ValueLayout.JAVA_INT.withName("unfinishedWakePending"),
            MemoryLayout.paddingLayout(48),
            ValueLayout.JAVA_LONG.withName("head"),
            MemoryLayout.paddingLayout(56),
            ValueLayout.JAVA_LONG.withName("tail"),
            MemoryLayout.paddingLayout(56),
            ValueLayout.JAVA_LONG.withName("capacity"),
            ValueLayout.JAVA_INT.withName("maxsize"),
            ValueLayout.JAVA_INT.withName("claim"),
            ValueLayout.JAVA_INT.withName("held"),
            MemoryLayout.paddingLayout(108));

    public static final long MUTEX_OFFSET = offset("mutexWord");
    public static final long NOT_EMPTY_OFFSET = offset("notEmptyWord");
    public static final long NOT_FULL_OFFSET = offset("notFullWord");
    public static final long UNFINISHED_OFFSET = offset("unfinishedWord");
    public static final long HEAD_OFFSET = offset("head");
    public static final long TAIL_OFFSET = offset("tail");
    public static final long CAPACITY_OFFSET = offset("capacity");
    public static final long MAXSIZE_OFFSET = offset("maxsize");
    public static final long CLAIM_OFFSET = offset("claim");
    public static final long HELD_OFFSET = offset("held");
    /** Where the ring starts. */
    public static final long DATA_OFFSET = LAYOUT.byteSize();

    /**
     * Frame header: one native-order long, read and written whole, with the payload length in
     * its low half and the type in its high half (on little-endian machines: length at byte 0,
     * type at byte 4, as drawn).
     */
    public static final int FRAME_HEADER = 8;

    /** An item encoded by the process serializer. */
    public static final int OBJECT = 1;
    /** A {@code byte[]} item, not encoded. */
    public static final int BYTES = 2;
    /** Nothing more up to the end of the ring; the next frame is at position 0. */
    public static final int WRAP = 3;
    /** Flag on OBJECT or BYTES: the payload names the overflow segment that holds the item. */
    public static final int OVERFLOW = 0x100;

    private QueueDescriptor() {}

    /** The header long of a frame. */
    public static long frameHeader(int type, int payloadLength) {
        return ((long) type << 32) | (payloadLength & 0xFFFF_FFFFL);
    }

    public static int frameType(long header) {
        return (int) (header >>> 32);
    }

    public static int payloadLength(long header) {
        return (int) header;
    }

    /** The bytes a frame of {@code payload} bytes takes in the ring, header and padding included. */
    public static long frameLength(long payload) {
        return (FRAME_HEADER + payload + 7) & ~7L;
    }

    private static long offset(String name) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
