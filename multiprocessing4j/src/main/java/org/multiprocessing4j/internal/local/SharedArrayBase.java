package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The shared-memory arrays behind {@link org.multiprocessing4j.SharedArray}'s factories: one
 * segment per array, laid out as {@link ArrayDescriptor} says; each typed subclass implements the
 * typed interface ({@code SharedIntArray} an {@code IntArray}, ...).
 */
public abstract sealed class SharedArrayBase extends SharedObject
        permits SharedIntArray, SharedLongArray, SharedDoubleArray, SharedFloatArray, SharedShortArray, SharedByteArray, SharedCharArray {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient MemorySegment data;
    private final transient int length;
    private final transient RLock lock;

    /*
     * Implementation overview: one segment per array, laid out as ArrayDescriptor says (tag,
     * element size, length, then the elements, 8-byte aligned); bulk copies use
     * MemorySegment.copy.
     */

    SharedArrayBase(Segment segment, RLock lock) {
        super(segment);
        var body = segment.body();
        this.length = (int) body.get(ValueLayout.JAVA_LONG, ArrayDescriptor.LENGTH_OFFSET);
        int size = body.get(ValueLayout.JAVA_INT, ArrayDescriptor.ELEMENT_SIZE_OFFSET);
        this.data = body.asSlice(ArrayDescriptor.DATA_OFFSET, (long) length * size);
        this.lock = lock;
    }

    static Segment newArraySegment(int tag, int elementSize, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: length=" + length);
        }
        var s = newSegment(ARRAY, ArrayDescriptor.DATA_OFFSET + (long) elementSize * length);
        var body = s.body();
        body.set(ValueLayout.JAVA_INT, ArrayDescriptor.TAG_OFFSET, tag);
        body.set(ValueLayout.JAVA_INT, ArrayDescriptor.ELEMENT_SIZE_OFFSET, elementSize);
        body.set(ValueLayout.JAVA_LONG, ArrayDescriptor.LENGTH_OFFSET, length);
        return s;
    }

    static SharedArrayBase attach(Segment s, RLock lock) {
        int tag = s.body().get(ValueLayout.JAVA_INT, ArrayDescriptor.TAG_OFFSET);
        return switch (tag) {
            case 1 -> new SharedIntArray(s, lock);
            case 2 -> new SharedLongArray(s, lock);
            case 3 -> new SharedDoubleArray(s, lock);
            case 4 -> new SharedFloatArray(s, lock);
            case 5 -> new SharedShortArray(s, lock);
            case 6 -> new SharedByteArray(s, lock);
            case 7 -> new SharedCharArray(s, lock);
            default -> throw new IllegalStateException("unknown array kind " + tag + " in " + s);
        };
    }

    @Override
    Serializable extra() {
        return (Serializable) lock;
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** The lock that guards the array, or null if created without one. */
    public RLock getLock() {
        return lock;
    }

    final long checkIndex(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index out of range: index=" + index + ", length=" + length);
        }
        return index;
    }

    final void checkRange(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range out of bounds: from=" + from + ", to=" + to + ", length=" + length);
        }
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedIntArray ofInts(int length) {
        return ofInts(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedIntArray ofInts(int length, boolean lock) {
        return ofInts(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedIntArray ofInts(int length, RLock lock) {
        return new SharedIntArray(newArraySegment(1, 4, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedIntArray ofInts(int[] init) {
        return ofInts(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedIntArray ofInts(int[] init, boolean lock) {
        var a = ofInts(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedLongArray ofLongs(int length) {
        return ofLongs(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedLongArray ofLongs(int length, boolean lock) {
        return ofLongs(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedLongArray ofLongs(int length, RLock lock) {
        return new SharedLongArray(newArraySegment(2, 8, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedLongArray ofLongs(long[] init) {
        return ofLongs(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedLongArray ofLongs(long[] init, boolean lock) {
        var a = ofLongs(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedDoubleArray ofDoubles(int length) {
        return ofDoubles(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedDoubleArray ofDoubles(int length, boolean lock) {
        return ofDoubles(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedDoubleArray ofDoubles(int length, RLock lock) {
        return new SharedDoubleArray(newArraySegment(3, 8, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedDoubleArray ofDoubles(double[] init) {
        return ofDoubles(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedDoubleArray ofDoubles(double[] init, boolean lock) {
        var a = ofDoubles(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedFloatArray ofFloats(int length) {
        return ofFloats(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedFloatArray ofFloats(int length, boolean lock) {
        return ofFloats(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedFloatArray ofFloats(int length, RLock lock) {
        return new SharedFloatArray(newArraySegment(4, 4, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedFloatArray ofFloats(float[] init) {
        return ofFloats(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedFloatArray ofFloats(float[] init, boolean lock) {
        var a = ofFloats(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedShortArray ofShorts(int length) {
        return ofShorts(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedShortArray ofShorts(int length, boolean lock) {
        return ofShorts(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedShortArray ofShorts(int length, RLock lock) {
        return new SharedShortArray(newArraySegment(5, 2, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedShortArray ofShorts(short[] init) {
        return ofShorts(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedShortArray ofShorts(short[] init, boolean lock) {
        var a = ofShorts(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedByteArray ofBytes(int length) {
        return ofBytes(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedByteArray ofBytes(int length, boolean lock) {
        return ofBytes(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedByteArray ofBytes(int length, RLock lock) {
        return new SharedByteArray(newArraySegment(6, 1, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedByteArray ofBytes(byte[] init) {
        return ofBytes(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedByteArray ofBytes(byte[] init, boolean lock) {
        var a = ofBytes(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link SharedRLock}. */
    public static SharedCharArray ofChars(int length) {
        return ofChars(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static SharedCharArray ofChars(int length, boolean lock) {
        return ofChars(length, lock ? SharedRLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static SharedCharArray ofChars(int length, RLock lock) {
        return new SharedCharArray(newArraySegment(7, 2, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link SharedRLock}. */
    public static SharedCharArray ofChars(char[] init) {
        return ofChars(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static SharedCharArray ofChars(char[] init, boolean lock) {
        var a = ofChars(init.length, lock);
        a.setRange(0, init);
        return a;
    }
}
