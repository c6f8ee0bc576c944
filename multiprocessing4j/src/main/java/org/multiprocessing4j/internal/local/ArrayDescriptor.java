package org.multiprocessing4j.internal.local;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The body of a {@link SharedArrayBase} segment (after the segment header).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  | tag: 1 int, 2 long, 3 double, 4 float, 5 short, 6 byte, 7 char|  0
 *  +---------------------------------------------------------------+
 *  | element size in bytes                                         |  4
 *  +---------------------------------------------------------------+
 *  | length: number of elements (8 bytes)                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  | elements, native byte order, naturally aligned ...            | 16
 * </pre>
 */
public final class ArrayDescriptor {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("tag"),
            ValueLayout.JAVA_INT.withName("elementSize"),
            ValueLayout.JAVA_LONG.withName("length"));

    static final long TAG_OFFSET = offset("tag");
    static final long ELEMENT_SIZE_OFFSET = offset("elementSize");
    static final long LENGTH_OFFSET = offset("length");
    static final long DATA_OFFSET = LAYOUT.byteSize();

    private ArrayDescriptor() {}

    private static long offset(String name) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
