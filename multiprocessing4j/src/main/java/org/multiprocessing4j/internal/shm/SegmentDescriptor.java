package org.multiprocessing4j.internal.shm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The header that starts every segment the library creates, so that any process can tell what
 * a file of the session directory holds before it trusts a byte of it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    magic "MP4JSHM1" (8 bytes)                 |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 layout version (written last)                 |  8
 *  +---------------------------------------------------------------+
 *  |                    kind (what the body holds)                 | 12
 *  +---------------------------------------------------------------+
 *  |                    creator pid (8 bytes)                      | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    body size in bytes (8 bytes)               | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    reserved up to 64 bytes                    | 32
 *  +---------------------------------------------------------------+
 *  |                    body ...                                   | 64
 * </pre>
 *
 * Publication: the creator writes every other field, then the version with release semantics;
 * an attacher reads the version with acquire semantics first and refuses a segment whose
 * version is 0 (not yet published) or differs from {@link #LAYOUT_VERSION}, naming both.
 */
public final class SegmentDescriptor {

    /** "MP4JSHM1" read as a little-endian long. */
    public static final long MAGIC = 0x314D48534A34504DL;
    public static final int LAYOUT_VERSION = 1;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("magic"),
            ValueLayout.JAVA_INT.withName("version"),
            ValueLayout.JAVA_INT.withName("kind"),
            ValueLayout.JAVA_LONG.withName("creatorPid"),
            ValueLayout.JAVA_LONG.withName("bodySize"),
            MemoryLayout.paddingLayout(32));

    public static final long MAGIC_OFFSET = offset("magic");
    public static final long VERSION_OFFSET = offset("version");
    public static final long KIND_OFFSET = offset("kind");
    public static final long CREATOR_PID_OFFSET = offset("creatorPid");
    public static final long BODY_SIZE_OFFSET = offset("bodySize");
    public static final long HEADER_LENGTH = LAYOUT.byteSize();

    private SegmentDescriptor() {}

    private static long offset(String name) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
