package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A fixed-length array of primitives in shared memory (Python's {@code multiprocessing.Array}):
 * {@code SharedArray.ofInts(..)}, {@code ofLongs}, {@code ofDoubles}, {@code ofFloats},
 * {@code ofShorts}, {@code ofBytes}, {@code ofChars}, each from a length (zero-filled) or from an
 * initial Java array, with or without a lock (default: a new {@link RLock}; or one given, which
 * other objects may share).
 *
 * <p>Semantics: element accesses and bulk copies are plain memory accesses and take no lock;
 * hold {@link #getLock()} around accesses that other processes may race with, as in CPython.
 * Indices are checked: {@link IndexOutOfBoundsException} naming index and length.
 *
 * <p>Thread- and process-safe as far as the lock is used; pass it to a child as a field of the
 * target or of a {@link Process} subclass. Memory consistency effects: those of the lock.
 */
public abstract sealed class SharedArray extends SharedObject
        permits IntArray, LongArray, DoubleArray, FloatArray, ShortArray, ByteArray, CharArray {

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

    SharedArray(Segment segment, RLock lock) {
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

    static SharedArray attach(Segment s, RLock lock) {
        int tag = s.body().get(ValueLayout.JAVA_INT, ArrayDescriptor.TAG_OFFSET);
        return switch (tag) {
            case 1 -> new IntArray(s, lock);
            case 2 -> new LongArray(s, lock);
            case 3 -> new DoubleArray(s, lock);
            case 4 -> new FloatArray(s, lock);
            case 5 -> new ShortArray(s, lock);
            case 6 -> new ByteArray(s, lock);
            case 7 -> new CharArray(s, lock);
            default -> throw new IllegalStateException("unknown array kind " + tag + " in " + s);
        };
    }

    @Override
    Serializable extra() {
        return lock;
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

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static IntArray ofInts(int length) {
        return ofInts(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static IntArray ofInts(int length, boolean lock) {
        return ofInts(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static IntArray ofInts(int length, RLock lock) {
        return new IntArray(newArraySegment(1, 4, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static IntArray ofInts(int[] init) {
        return ofInts(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static IntArray ofInts(int[] init, boolean lock) {
        var a = ofInts(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static LongArray ofLongs(int length) {
        return ofLongs(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static LongArray ofLongs(int length, boolean lock) {
        return ofLongs(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static LongArray ofLongs(int length, RLock lock) {
        return new LongArray(newArraySegment(2, 8, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static LongArray ofLongs(long[] init) {
        return ofLongs(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static LongArray ofLongs(long[] init, boolean lock) {
        var a = ofLongs(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static DoubleArray ofDoubles(int length) {
        return ofDoubles(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static DoubleArray ofDoubles(int length, boolean lock) {
        return ofDoubles(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static DoubleArray ofDoubles(int length, RLock lock) {
        return new DoubleArray(newArraySegment(3, 8, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static DoubleArray ofDoubles(double[] init) {
        return ofDoubles(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static DoubleArray ofDoubles(double[] init, boolean lock) {
        var a = ofDoubles(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static FloatArray ofFloats(int length) {
        return ofFloats(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static FloatArray ofFloats(int length, boolean lock) {
        return ofFloats(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static FloatArray ofFloats(int length, RLock lock) {
        return new FloatArray(newArraySegment(4, 4, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static FloatArray ofFloats(float[] init) {
        return ofFloats(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static FloatArray ofFloats(float[] init, boolean lock) {
        var a = ofFloats(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static ShortArray ofShorts(int length) {
        return ofShorts(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static ShortArray ofShorts(int length, boolean lock) {
        return ofShorts(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static ShortArray ofShorts(int length, RLock lock) {
        return new ShortArray(newArraySegment(5, 2, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static ShortArray ofShorts(short[] init) {
        return ofShorts(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static ShortArray ofShorts(short[] init, boolean lock) {
        var a = ofShorts(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static ByteArray ofBytes(int length) {
        return ofBytes(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static ByteArray ofBytes(int length, boolean lock) {
        return ofBytes(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static ByteArray ofBytes(int length, RLock lock) {
        return new ByteArray(newArraySegment(6, 1, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static ByteArray ofBytes(byte[] init) {
        return ofBytes(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static ByteArray ofBytes(byte[] init, boolean lock) {
        var a = ofBytes(init.length, lock);
        a.setRange(0, init);
        return a;
    }

    /** A shared array of {@code length} zeros, with an {@link RLock}. */
    public static CharArray ofChars(int length) {
        return ofChars(length, true);
    }

    /** A shared array of {@code length} zeros; with {@code lock} false, no lock. */
    public static CharArray ofChars(int length, boolean lock) {
        return ofChars(length, lock ? RLock.create() : null);
    }

    /** A shared array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    public static CharArray ofChars(int length, RLock lock) {
        return new CharArray(newArraySegment(7, 2, length), lock);
    }

    /** A shared copy of {@code init}, with an {@link RLock}. */
    public static CharArray ofChars(char[] init) {
        return ofChars(init, true);
    }

    /** A shared copy of {@code init}; with {@code lock} false, no lock. */
    public static CharArray ofChars(char[] init, boolean lock) {
        var a = ofChars(init.length, lock);
        a.setRange(0, init);
        return a;
    }
}
