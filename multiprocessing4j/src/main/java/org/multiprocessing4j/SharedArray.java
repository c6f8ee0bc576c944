package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.SharedArrayBase;

/**
 * A fixed-length array of primitives shared by processes (Python's {@code multiprocessing.Array}):
 * {@code SharedArray.ofInts(..)}, {@code ofLongs}, {@code ofDoubles}, {@code ofFloats},
 * {@code ofShorts}, {@code ofBytes}, {@code ofChars}, each from a length (zero-filled) or from an
 * initial Java array, with or without a lock (default: a new {@link RLock}; or one given, which
 * other objects may share), in shared memory; a manager's {@code array(..)} returns the same types.
 *
 * <p>Semantics: element accesses and bulk copies take no lock; hold {@link #getLock()} around
 * accesses that other processes may race with, as in CPython. Indices are checked:
 * {@link IndexOutOfBoundsException} naming index and length.
 *
 * <p>Thread- and process-safe as far as the lock is used; pass it to a child as a field of the
 * target or of a {@link Process} subclass. Memory consistency effects: those of the lock.
 */
public sealed interface SharedArray permits IntArray, LongArray, DoubleArray, FloatArray, ShortArray, ByteArray, CharArray {

    /** The number of elements. */
    int length();

    /** The lock that guards the array, or null if created without one. */
    RLock getLock();

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static IntArray ofInts(int length) {
        return SharedArrayBase.ofInts(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static IntArray ofInts(int length, boolean lock) {
        return SharedArrayBase.ofInts(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static IntArray ofInts(int length, RLock lock) {
        return SharedArrayBase.ofInts(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static IntArray ofInts(int[] init) {
        return SharedArrayBase.ofInts(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static IntArray ofInts(int[] init, boolean lock) {
        return SharedArrayBase.ofInts(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static LongArray ofLongs(int length) {
        return SharedArrayBase.ofLongs(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static LongArray ofLongs(int length, boolean lock) {
        return SharedArrayBase.ofLongs(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static LongArray ofLongs(int length, RLock lock) {
        return SharedArrayBase.ofLongs(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static LongArray ofLongs(long[] init) {
        return SharedArrayBase.ofLongs(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static LongArray ofLongs(long[] init, boolean lock) {
        return SharedArrayBase.ofLongs(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static DoubleArray ofDoubles(int length) {
        return SharedArrayBase.ofDoubles(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static DoubleArray ofDoubles(int length, boolean lock) {
        return SharedArrayBase.ofDoubles(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static DoubleArray ofDoubles(int length, RLock lock) {
        return SharedArrayBase.ofDoubles(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static DoubleArray ofDoubles(double[] init) {
        return SharedArrayBase.ofDoubles(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static DoubleArray ofDoubles(double[] init, boolean lock) {
        return SharedArrayBase.ofDoubles(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static FloatArray ofFloats(int length) {
        return SharedArrayBase.ofFloats(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static FloatArray ofFloats(int length, boolean lock) {
        return SharedArrayBase.ofFloats(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static FloatArray ofFloats(int length, RLock lock) {
        return SharedArrayBase.ofFloats(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static FloatArray ofFloats(float[] init) {
        return SharedArrayBase.ofFloats(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static FloatArray ofFloats(float[] init, boolean lock) {
        return SharedArrayBase.ofFloats(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static ShortArray ofShorts(int length) {
        return SharedArrayBase.ofShorts(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static ShortArray ofShorts(int length, boolean lock) {
        return SharedArrayBase.ofShorts(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static ShortArray ofShorts(int length, RLock lock) {
        return SharedArrayBase.ofShorts(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static ShortArray ofShorts(short[] init) {
        return SharedArrayBase.ofShorts(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static ShortArray ofShorts(short[] init, boolean lock) {
        return SharedArrayBase.ofShorts(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static ByteArray ofBytes(int length) {
        return SharedArrayBase.ofBytes(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static ByteArray ofBytes(int length, boolean lock) {
        return SharedArrayBase.ofBytes(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static ByteArray ofBytes(int length, RLock lock) {
        return SharedArrayBase.ofBytes(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static ByteArray ofBytes(byte[] init) {
        return SharedArrayBase.ofBytes(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static ByteArray ofBytes(byte[] init, boolean lock) {
        return SharedArrayBase.ofBytes(init, lock);
    }

    /** A shared-memory array of {@code length} zeros, with an {@link RLock}. */
    static CharArray ofChars(int length) {
        return SharedArrayBase.ofChars(length);
    }

    /** A shared-memory array of {@code length} zeros; with {@code lock} false, no lock. */
    static CharArray ofChars(int length, boolean lock) {
        return SharedArrayBase.ofChars(length, lock);
    }

    /** A shared-memory array of {@code length} zeros guarded by {@code lock} (may be shared); null for none. */
    static CharArray ofChars(int length, RLock lock) {
        return SharedArrayBase.ofChars(length, lock);
    }

    /** A shared-memory copy of {@code init}, with an {@link RLock}. */
    static CharArray ofChars(char[] init) {
        return SharedArrayBase.ofChars(init);
    }

    /** A shared-memory copy of {@code init}; with {@code lock} false, no lock. */
    static CharArray ofChars(char[] init, boolean lock) {
        return SharedArrayBase.ofChars(init, lock);
    }
}
