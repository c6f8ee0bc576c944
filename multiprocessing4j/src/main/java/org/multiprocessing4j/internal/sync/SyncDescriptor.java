package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The one block of shared memory under every synchronisation primitive (DESIGN.md §4): a state
 * word with what it takes to sleep on it (see {@link Word}), the owner of lock kinds, and a few
 * kind-specific ints. Every primitive uses a block at offset 0 of its segment's body.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  | word: the state (lock: owner pid or 0; semaphore: value;      |  0
 *  |       event: 0/1; barrier: generation)                        |
 *  +---------------------------------------------------------------+
 *  | sleepers: processes/threads asleep (or about to be)           |  4
 *  +---------------------------------------------------------------+
 *  | sequence: the futex word, bumped by every wake                |  8
 *  +---------------------------------------------------------------+
 *  | wake pending: a lock's sleeper was woken and has not run yet  | 12
 *  +---------------------------------------------------------------+
 *  | owner thread id (Lock and the barrier mutex; 0 when free)     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  | a: semaphore bound | condition sleepers | barrier parties      | 24
 *  +---------------------------------------------------------------+
 *  | b: condition tokens | barrier arrived count                   | 28
 *  +---------------------------------------------------------------+
 *  | c: barrier broken flag                                        | 32
 *  +---------------------------------------------------------------+
 *  | d, e: barrier outcome of even / odd generations               | 36
 *  +---------------------------------------------------------------+
 *  | reserved                                                      | 44
 *  +---------------------------------------------------------------+
 *  | mutex: a nested block with the same first 24 bytes (word,     | 64
 *  |        sleepers, sequence, wake pending, owner thread),       |
 *  |        guarding compound updates of the barrier               |
 *  +---------------------------------------------------------------+
 *  | reserved                                                      | 88
 *  +---------------------------------------------------------------+ 128
 * </pre>
 *
 * The ints are read and written with volatile or CAS access through
 * {@code ValueLayout.JAVA_INT.varHandle()}; the body of a segment is page-aligned, so every
 * field is naturally aligned.
 */
public final class SyncDescriptor {

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("word"),
            ValueLayout.JAVA_INT.withName("sleepers"),
            ValueLayout.JAVA_INT.withName("sequence"),
            ValueLayout.JAVA_INT.withName("wakePending"),
            ValueLayout.JAVA_LONG.withName("ownerThread"),
            ValueLayout.JAVA_INT.withName("a"),
            ValueLayout.JAVA_INT.withName("b"),
            ValueLayout.JAVA_INT.withName("c"),
            ValueLayout.JAVA_INT.withName("d"),
            ValueLayout.JAVA_INT.withName("e"),
            MemoryLayout.paddingLayout(20),
            ValueLayout.JAVA_INT.withName("mutexWord"),
            ValueLayout.JAVA_INT.withName("mutexSleepers"),
            ValueLayout.JAVA_INT.withName("mutexSequence"),
            ValueLayout.JAVA_INT.withName("mutexWakePending"),
            ValueLayout.JAVA_LONG.withName("mutexOwnerThread"),
            MemoryLayout.paddingLayout(40));

    public static final long WORD_OFFSET = offset("word");
    public static final long SLEEPERS_OFFSET = offset("sleepers");
    public static final long SEQUENCE_OFFSET = offset("sequence");
    public static final long WAKE_PENDING_OFFSET = offset("wakePending");
    public static final long OWNER_THREAD_OFFSET = offset("ownerThread");
    public static final long A_OFFSET = offset("a");
    public static final long B_OFFSET = offset("b");
    public static final long C_OFFSET = offset("c");
    public static final long D_OFFSET = offset("d");
    public static final long E_OFFSET = offset("e");
    public static final long MUTEX_OFFSET = offset("mutexWord");
    public static final long LENGTH = LAYOUT.byteSize();

    private SyncDescriptor() {}

    private static long offset(String name) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
