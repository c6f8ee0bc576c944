package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One file of shared memory mapped into this process: a {@link SegmentDescriptor} header and a
 * body. Thread-safe; {@link #close()} unmaps (idempotent) and must only be called once no
 * thread of this process uses the memory any more; {@link #unlink()} removes the file, which
 * other processes keep using until they unmap it.
 *
 * <p>A <em>GC-managed</em> segment (the segments of shared objects) is unmapped by the garbage
 * collector once neither it nor any {@link MemorySegment} taken from it is reachable, so the
 * memory can never be used after it is unmapped; {@link #close()} only marks it closed.
 */
public final class Segment implements AutoCloseable {

    private static final VarHandle VERSION = ValueLayout.JAVA_INT.varHandle();

    private final Path path;
    private final Arena arena;
    private final MemorySegment whole;
    private final MemorySegment body;
    private final int kind;
    private final long creatorPid;
    private final boolean gcManaged;
    private final boolean createdHere;
    private final AtomicInteger state = new AtomicInteger(); // 0 mapped, 1 closed

    private Segment(Path path, Arena arena, MemorySegment whole, boolean gcManaged, boolean createdHere) {
        this.path = path;
        this.arena = arena;
        this.gcManaged = gcManaged;
        this.createdHere = createdHere;
        this.whole = whole;
        this.kind = whole.get(ValueLayout.JAVA_INT, SegmentDescriptor.KIND_OFFSET);
        this.creatorPid = whole.get(ValueLayout.JAVA_LONG, SegmentDescriptor.CREATOR_PID_OFFSET);
        long bodySize = whole.get(ValueLayout.JAVA_LONG, SegmentDescriptor.BODY_SIZE_OFFSET);
        this.body = whole.asSlice(SegmentDescriptor.HEADER_LENGTH, bodySize);
    }

    /**
     * Creates {@code file} (which must not exist), sizes it, writes the header and publishes it.
     * The body is zero-filled.
     *
     * @throws FileAlreadyExistsException wrapped in {@link UncheckedIOException} if it exists
     */
    public static Segment create(Path file, int kind, long bodySize) {
        return create(file, kind, bodySize, false);
    }

    /** Segments up to this size are allocated when created (see {@link #create(Path, int, long, boolean, boolean)}). */
    static final long RESERVED_UP_TO = 1 << 20;

    /**
     * The start of a larger (sparse) segment's body that is allocated when it is created: where
     * its headers and tables are (a queue's words, a pipe's holders and first ring's header).
     */
    static final long RESERVED_PREFIX = 64 << 10;

    /**
     * As {@link #create(Path, int, long)}; {@code gcManaged}: unmapped by the GC (see the class
     * comment). Allocated at once when the body is at most {@link #RESERVED_UP_TO} bytes.
     */
    public static Segment create(Path file, int kind, long bodySize, boolean gcManaged) {
        return create(file, kind, bodySize, gcManaged, bodySize <= RESERVED_UP_TO);
    }

    /**
     * As {@link #create(Path, int, long, boolean)}. The file is created mode 0600; with
     * {@code reserve} its blocks are allocated before it is mapped, so that a full file system
     * fails here, with nothing left behind, rather than as a fault when the memory is first
     * written (an unreserved segment stays sparse, as CPython's are: a queue's 16 MiB ring
     * costs only what it has used, and its writer turns such a fault into a
     * {@link FileSystemFullException} itself).
     *
     * @throws FileSystemFullException if the file system has no room for the segment; the
     *         partly made file is already removed
     */
    public static Segment create(Path file, int kind, long bodySize, boolean gcManaged, boolean reserve) {
        return create(file, kind, bodySize, gcManaged, reserve, new long[0]);
    }

    /**
     * As {@link #create(Path, int, long, boolean, boolean)}. A segment not reserved whole still
     * has the first {@link #RESERVED_PREFIX} bytes of its body allocated, and the body ranges
     * {@code alsoReserved} ({@code offset, length} pairs): what its creator formats and what
     * other processes write outside the data that faults are caught for, so that neither
     * faults on a full file system.
     */
    public static Segment create(Path file, int kind, long bodySize, boolean gcManaged, boolean reserve,
                                 long... alsoReserved) {
        if (bodySize < 0) {
            throw new IllegalArgumentException("bodySize must be >= 0: bodySize=" + bodySize);
        }
        long total = SegmentDescriptor.HEADER_LENGTH + Math.max(bodySize, 8);
        var arena = gcManaged ? Arena.ofAuto() : Arena.ofShared();
        boolean created = false;
        try (var ch = FileChannel.open(file, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), org.multiprocessing4j.internal.os.OwnerOnly.fileAttribute())) {
            created = true;
            if (reserve) {
                reserve(ch, file, 0, total);
            } else {
                // Extend the new file to its size by writing its last byte; the rest reads as zeros.
                ch.write(java.nio.ByteBuffer.allocate(1), total - 1);
                reserve(ch, file, 0, SegmentDescriptor.HEADER_LENGTH + Math.min(bodySize, RESERVED_PREFIX));
                for (int i = 0; i + 1 < alsoReserved.length; i += 2) {
                    if (alsoReserved[i] + alsoReserved[i + 1] > RESERVED_PREFIX) { // else done already
                        reserve(ch, file, SegmentDescriptor.HEADER_LENGTH + alsoReserved[i], alsoReserved[i + 1]);
                    }
                }
            }
            var whole = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
            whole.set(ValueLayout.JAVA_LONG, SegmentDescriptor.MAGIC_OFFSET, SegmentDescriptor.MAGIC);
            whole.set(ValueLayout.JAVA_INT, SegmentDescriptor.KIND_OFFSET, kind);
            whole.set(ValueLayout.JAVA_LONG, SegmentDescriptor.CREATOR_PID_OFFSET, ProcessHandle.current().pid());
            whole.set(ValueLayout.JAVA_LONG, SegmentDescriptor.BODY_SIZE_OFFSET, bodySize);
            VERSION.setRelease(whole, SegmentDescriptor.VERSION_OFFSET, SegmentDescriptor.LAYOUT_VERSION);
            return new Segment(file, arena, whole, gcManaged, true);
        } catch (IOException e) {
            release(arena, gcManaged);
            removePartial(file, created);
            if (isNoSpace(e)) {
                throw new FileSystemFullException(file, total, e);
            }
            throw new UncheckedIOException("cannot create shared memory segment " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(arena, gcManaged);
            removePartial(file, created);
            throw e;
        }
    }

    /**
     * Up to this many bytes (a segment allocated whole, a larger one's allocated prefix or
     * tables), {@link #reserve} writes zeros instead of calling {@code posix_fallocate}. Linking
     * that call (with {@code open} and {@code close}: three downcall stubs) cost a cold program
     * ~0.1 s of CPU at its first lock, queue or pipe, before anything else needed a native call;
     * writing a page of zeros takes microseconds, a MiB well under a millisecond. A queue or pipe
     * still links the futex's downcall when it first waits, wakes or populates pages, later and
     * once (a manager's start then links it while its server's JVM boots).
     */
    static final long ZEROS_UP_TO = RESERVED_UP_TO + SegmentDescriptor.HEADER_LENGTH;

    /**
     * Allocates the {@code length} bytes of the new file from {@code offset}: {@code posix_fallocate}
     * where it is available and {@code length} is above {@link #ZEROS_UP_TO}, else by writing
     * zeros (write-then-map; the file is new, so zeros are what it holds); either fails with "No
     * space left on device" when the file system is full.
     */
    private static void reserve(FileChannel ch, Path file, long offset, long length) throws IOException {
        if (length > ZEROS_UP_TO) {
            int rc = org.multiprocessing4j.internal.os.Posix.reserve(file, offset, length);
            if (rc == 0) {
                return;
            }
            if (rc == org.multiprocessing4j.internal.os.Posix.ENOSPC) {
                throw new IOException("No space left on device");
            }
        }
        var zeros = java.nio.ByteBuffer.allocate((int) Math.min(length, 1 << 16));
        for (long at = offset, end = offset + length; at < end; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
            at += ch.write(zeros, at);
        }
    }

    private static boolean isNoSpace(IOException e) {
        return String.valueOf(e.getMessage()).contains("No space left on device");
    }

    private static void removePartial(Path file, boolean created) {
        if (created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the session directory goes at exit anyway
            }
        }
    }

    /**
     * Maps an existing segment and checks its header.
     *
     * @throws NoSuchSegmentException if the file does not exist
     * @throws IllegalStateException if it is not a published segment of this layout version
     */
    public static Segment attach(Path file) {
        return attach(file, false);
    }

    /** As {@link #attach(Path)}; {@code gcManaged}: unmapped by the GC (see the class comment). */
    public static Segment attach(Path file, boolean gcManaged) {
        var arena = gcManaged ? Arena.ofAuto() : Arena.ofShared();
        try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < SegmentDescriptor.HEADER_LENGTH) {
                throw new IllegalStateException("not a multiprocessing4j segment (only " + size + " bytes): " + file);
            }
            var whole = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            int version = (int) VERSION.getAcquire(whole, SegmentDescriptor.VERSION_OFFSET);
            long magic = whole.get(ValueLayout.JAVA_LONG, SegmentDescriptor.MAGIC_OFFSET);
            if (magic != SegmentDescriptor.MAGIC) {
                throw new IllegalStateException("not a multiprocessing4j segment (bad magic " + Long.toHexString(magic) + "): " + file);
            }
            if (version != SegmentDescriptor.LAYOUT_VERSION) {
                throw new IllegalStateException("segment " + file + " has layout version " + version
                        + (version == 0 ? " (not yet published)" : "") + "; this library reads version "
                        + SegmentDescriptor.LAYOUT_VERSION);
            }
            long bodySize = whole.get(ValueLayout.JAVA_LONG, SegmentDescriptor.BODY_SIZE_OFFSET);
            if (bodySize < 0 || SegmentDescriptor.HEADER_LENGTH + bodySize > size) {
                throw new IllegalStateException("segment " + file + " declares a body of " + bodySize + " bytes in a file of " + size);
            }
            return new Segment(file, arena, whole, gcManaged, false);
        } catch (NoSuchFileException e) {
            release(arena, gcManaged);
            throw new NoSuchSegmentException(file);
        } catch (IOException e) {
            release(arena, gcManaged);
            throw new UncheckedIOException("cannot attach shared memory segment " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(arena, gcManaged);
            throw e;
        }
    }

    /** Unmaps what a failed create or attach mapped; a GC-managed arena goes with the GC. */
    private static void release(Arena arena, boolean gcManaged) {
        if (!gcManaged) {
            arena.close();
        }
    }

    /** Whether this process created the segment (rather than attached it). */
    public boolean createdHere() {
        return createdHere;
    }

    /** The file name, unique within its directory. */
    public String name() {
        return path.getFileName().toString();
    }

    public Path path() {
        return path;
    }

    /** What the body holds; interpreted by the creator's type. */
    public int kind() {
        return kind;
    }

    public long creatorPid() {
        return creatorPid;
    }

    /** The body, after the header. Invalid once {@link #close()} ran. */
    public MemorySegment body() {
        return body;
    }

    public boolean isClosed() {
        return state.get() != 0;
    }

    /** Unmaps the segment in this process (a GC-managed one: marks it closed only). Idempotent. */
    @Override
    public void close() {
        if (state.compareAndSet(0, 1) && !gcManaged) {
            arena.close();
        }
    }

    /** Removes the file; processes that mapped it keep their mapping. Idempotent. */
    public void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove shared memory segment " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Segment[" + path + ", kind " + kind + ", " + body.byteSize() + " bytes]";
    }

    /** The segment's file does not exist (never created, or unlinked). */
    public static final class NoSuchSegmentException extends org.multiprocessing4j.MultiprocessingException {
        public NoSuchSegmentException(Path file) {
            super("no shared memory segment " + file);
        }
    }

    /**
     * The file system that holds shared memory ({@code /dev/shm}, or the session root's) has no
     * room for a new segment. Nothing of the segment is left; the operation that needed it can
     * be retried once space is freed.
     */
    public static final class FileSystemFullException extends org.multiprocessing4j.MultiprocessingException {
        public FileSystemFullException(Path file, long bytes, IOException cause) {
            super("the shared-memory file system is full: no room for " + bytes + " bytes of " + file
                    + " (" + cause.getMessage() + "); free space there (or enlarge it) and retry", cause);
        }

        /** A write to a mapped, unreserved segment faulted ({@code SIGBUS}): {@code what} says which. */
        public FileSystemFullException(String what, Throwable cause) {
            super("the shared-memory file system is full: no room for " + what + " (" + cause.getMessage()
                    + "); free space there (or enlarge it) and retry", cause);
        }
    }
}
