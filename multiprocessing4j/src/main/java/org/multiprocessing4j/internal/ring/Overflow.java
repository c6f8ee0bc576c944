package org.multiprocessing4j.internal.ring;

import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.spawn.Session;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overflow segments: an encoded item too large for the ring travels in a segment file of its
 * own in the session directory, and the ring holds only its name. The putter creates and fills
 * it before it takes the queue's lock and unmaps it at once; the getter that takes the frame
 * maps it after releasing the lock, copies the item out, unmaps and unlinks it. Nothing is
 * cached: each overflow segment is mapped once on each side and then gone.
 *
 * <p>If a getter dies between taking the frame and unlinking, or an item is never taken, the
 * file stays until the session directory is removed (at the root's exit, or by its watchdog).
 */
public final class Overflow {

    /** The segment kind of an overflow segment. */
    public static final int KIND = 64;

    private static final String PREFIX = "ovf-";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Overflow() {}

    /** Writes {@code encoded} to a new overflow segment and returns its name as frame payload. */
    public static byte[] write(byte[] encoded) {
        var random = new byte[4];
        Entropy.fill(random);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
        // reserved: a full file system fails here, before anything is written or put
        try (Segment s = Segment.create(Session.directory().resolve(name), KIND, encoded.length, false, true)) {
            MemorySegment.copy(encoded, 0, s.body(), ValueLayout.JAVA_BYTE, 0, encoded.length);
        }
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the item of the overflow segment named by {@code payload} and unlinks the segment. */
    public static byte[] read(byte[] payload) {
        String name = checkedName(payload);
        Segment s = Segment.attach(Session.directory().resolve(name));
        try {
            if (s.kind() != KIND) {
                throw new IllegalStateException("segment " + name + " holds kind " + s.kind() + ", not an overflow item");
            }
            long size = s.body().byteSize();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("overflow segment " + name + " declares " + size + " bytes");
            }
            return s.body().toArray(ValueLayout.JAVA_BYTE);
        } finally {
            s.close();
            s.unlink();
        }
    }

    /**
     * The length of the item in the overflow segment named by {@code payload}, read from the
     * segment's header without mapping it (for a getter that refuses items over a limit).
     */
    public static long length(byte[] payload) {
        String name = checkedName(payload);
        try (var ch = java.nio.channels.FileChannel.open(Session.directory().resolve(name), java.nio.file.StandardOpenOption.READ)) {
            var b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
            while (b.hasRemaining() && ch.read(b, org.multiprocessing4j.internal.shm.SegmentDescriptor.BODY_SIZE_OFFSET + b.position()) > 0) {
                // read the whole long
            }
            if (b.hasRemaining()) {
                throw new IllegalStateException("overflow segment " + name + " has no complete header");
            }
            return b.getLong(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the length of overflow segment " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes the overflow segment named by {@code payload} without reading it (a put that failed). */
    public static void discard(byte[] payload) {
        String name = new String(payload, StandardCharsets.US_ASCII);
        try {
            java.nio.file.Files.deleteIfExists(Session.directory().resolve(name));
        } catch (java.io.IOException e) {
            // the session directory goes at exit anyway
        }
    }

    private static String checkedName(byte[] payload) {
        String name = new String(payload, StandardCharsets.US_ASCII);
        if (!name.startsWith(PREFIX) || name.contains("/")) {
            throw new IllegalStateException("corrupt queue frame: not an overflow segment name: '" + name + "'");
        }
        return name;
    }
}
