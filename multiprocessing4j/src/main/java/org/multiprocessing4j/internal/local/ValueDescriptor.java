package org.multiprocessing4j.internal.local;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The body of a {@link SharedValue} segment (after the segment header).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  | cell: the value; long/double use 8 bytes, every other kind    |  0
 *  |       an int (narrower kinds sign- or zero-extended)          |
 *  +---------------------------------------------------------------+
 *  | tag: 1 int, 2 long, 3 double, 4 float, 5 short, 6 byte,       |  8
 *  |      7 char, 8 boolean                                        |
 *  +---------------------------------------------------------------+
 *  | reserved                                                      | 12
 *  +---------------------------------------------------------------+ 16
 * </pre>
 */
public final class ValueDescriptor {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cell"),
            ValueLayout.JAVA_INT.withName("tag"),
            MemoryLayout.paddingLayout(4));

    static final long CELL_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("cell"));
    static final long TAG_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("tag"));
    static final long LENGTH = LAYOUT.byteSize();

    private ValueDescriptor() {}
}
