package org.multiprocessing4j.sharedmemory;

import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.internal.shm.NamedSegments;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.util.Objects;

/**
 * A block of shared memory with a name (Python's {@code multiprocessing.shared_memory.SharedMemory}):
 * any process that knows the name can {@link #attach(String) attach} it, also a JVM that is not
 * part of the process tree.
 *
 * <p>Lifecycle, as CPython: {@link #close()} detaches this process (the memory stays for the
 * others); {@link #unlink()} destroys the block: the name disappears, and the memory goes away
 * once every process has closed it. Call {@code unlink()} once, in one process, when nobody needs
 * the name any more. The creating process tracks what it created: at its exit it warns about blocks it
 * created and never unlinked, and unlinks them; if the tree's root is killed, its watchdog does.
 * The warning goes to {@code System.err}, like CPython's resource tracker's.
 *
 * <p>The block is the file {@code /dev/shm/<name>} (the temporary directory where there is no
 * {@code /dev/shm}), starting with the library's segment header; {@link #size()} is the size
 * asked for, and {@link #segment()} and {@link #buffer()} cover exactly that many bytes.
 *
 * <p>Thread-safe. Serialisable: it travels to a child by name and attaches there. Accesses to
 * the memory itself are not synchronised: use a {@code Lock} or the atomic accesses of
 * {@link MemorySegment} var handles for data that processes update concurrently.
 */
public final class SharedMemory implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The segment kind of a named block. */
    static final int KIND = 100;

    private final String name;
    private final transient Segment segment;

    /*
     * Implementation overview: a Segment (internal.shm) mapped with a shared Arena; close()
     * closes the arena, so segment() and buffer() views fail afterwards instead of touching
     * unmapped memory. Lifecycle: OPEN -> CLOSED (the Segment's state field); unlink() is
     * independent of it.
     */

    private SharedMemory(String name, Segment segment) {
        this.name = name;
        this.segment = segment;
    }

    /**
     * Creates a block of {@code size} zeroed bytes called {@code name}.
     *
     * @throws IllegalArgumentException if {@code size <= 0} or the name is not 1-200 of [A-Za-z0-9._-]
     * @throws MultiprocessingException if a block of that name exists
     */
    public static SharedMemory create(String name, long size) {
        Objects.requireNonNull(name, "name");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0: size=" + size);
        }
        try {
            return new SharedMemory(name, NamedSegments.create(name, KIND, size));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException) {
                throw new MultiprocessingException("shared memory '" + name + "' already exists", e.getCause());
            }
            throw e;
        }
    }

    /** Creates a block of {@code size} zeroed bytes with a generated name. */
    public static SharedMemory create(long size) {
        while (true) {
            try {
                return create(NamedSegments.generateName(), size);
            } catch (MultiprocessingException e) {
                if (!(e.getCause() instanceof FileAlreadyExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Attaches the existing block {@code name}.
     *
     * @throws MultiprocessingException if there is none
     */
    public static SharedMemory attach(String name) {
        var path = NamedSegments.path(name);
        try {
            var s = Segment.attach(path);
            if (s.kind() != KIND) {
                s.close();
                throw new MultiprocessingException("'" + name + "' is not a SharedMemory block (segment kind " + s.kind() + ")");
            }
            return new SharedMemory(name, s);
        } catch (Segment.NoSuchSegmentException e) {
            throw new MultiprocessingException("no shared memory '" + name + "'", e);
        }
    }

    /** The name other processes attach by. */
    public String name() {
        return name;
    }

    /** The size in bytes. */
    public long size() {
        return segment.body().byteSize();
    }

    /**
     * The memory, valid until {@link #close()}.
     *
     * @throws IllegalStateException if closed
     */
    public MemorySegment segment() {
        checkOpen();
        return segment.body();
    }

    /**
     * A {@link ByteBuffer} over the memory (big-endian, as every new buffer), valid until
     * {@link #close()}.
     *
     * @throws IllegalStateException if closed
     */
    public ByteBuffer buffer() {
        checkOpen();
        return segment.body().asByteBuffer();
    }

    private void checkOpen() {
        if (segment.isClosed()) {
            throw new IllegalStateException("shared memory '" + name + "' is closed");
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return segment.isClosed();
    }

    /** Detaches this process; the block stays for the others. Idempotent. */
    @Override
    public void close() {
        segment.close();
    }

    /**
     * Destroys the block's name; processes that have it mapped keep it until they close. Call it
     * once: as CPython's {@code unlink()} (FileNotFoundError), a second call, or a call after
     * another process unlinked the block, raises.
     *
     * @throws MultiprocessingException if the block is already unlinked
     */
    public void unlink() {
        if (!NamedSegments.unlink(segment.path())) {
            throw new MultiprocessingException("cannot unlink shared memory '" + name
                    + "': no such block (it was already unlinked, here or by another process)");
        }
    }

    /** For {@link SharedMemoryManager}: unlinks the block unless someone already did. */
    void unlinkIfPresent() {
        NamedSegments.unlink(segment.path());
    }

    @Override
    public String toString() {
        return "SharedMemory[name=" + name + ", size=" + size() + (isClosed() ? ", closed" : "") + "]";
    }

    @Serial
    private Object writeReplace() {
        return new ByName(name);
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("SharedMemory travels by name");
    }

    /** The serial form: the name, attached on arrival. */
    private record ByName(String name) implements Serializable {
        @Serial
        private Object readResolve() {
            return attach(name);
        }
    }
}
