package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.SharedValue;

/**
 * One primitive value shared by processes (Python's {@code multiprocessing.Value}): the factories
 * {@code Value.ofInt(..)}, {@code ofLong}, {@code ofDouble}, {@code ofFloat}, {@code ofShort},
 * {@code ofByte}, {@code ofChar}, {@code ofBoolean} return the typed kinds ({@link IntValue},
 * ...) in shared memory, each with {@code get()} and {@code set(v)}; a manager's
 * {@code value(..)} returns the same types.
 *
 * <p>Semantics: every {@code get} and {@code set} is atomic by itself and does not take the
 * lock. A compound update such as "read, add, write" needs {@link #getLock()} held around it, as
 * in CPython ({@code with v.get_lock(): v.value += 1}), or one of the lock-free atomics of the
 * integer kinds ({@code incrementAndGet}, {@code addAndGet}, {@code compareAndSet}). Created
 * with {@code lock = false}, a value has no lock and {@code getLock()} returns null (Python's
 * {@code lock=False}); created with an {@link RLock}, it uses that one, which other values may
 * share (Python's {@code lock=rlock}).
 *
 * <p>Thread- and process-safe; pass it to a child as a field of the target or of a
 * {@link Process} subclass (its lock goes with it). Memory consistency effects: a {@code set}
 * happens-before a {@code get} in any process that reads the value written.
 */
public sealed interface Value permits IntValue, LongValue, DoubleValue, FloatValue, ShortValue, ByteValue, CharValue, BooleanValue, ObjectValue {

    /** The lock that guards compound updates, or null if created without one. */
    RLock getLock();

    /** A shared int in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static IntValue ofInt(int v) {
        return SharedValue.ofInt(v);
    }

    /** A shared int in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static IntValue ofInt(int v, boolean lock) {
        return SharedValue.ofInt(v, lock);
    }

    /** A shared int in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static IntValue ofInt(int v, RLock lock) {
        return SharedValue.ofInt(v, lock);
    }

    /** A shared long in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static LongValue ofLong(long v) {
        return SharedValue.ofLong(v);
    }

    /** A shared long in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static LongValue ofLong(long v, boolean lock) {
        return SharedValue.ofLong(v, lock);
    }

    /** A shared long in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static LongValue ofLong(long v, RLock lock) {
        return SharedValue.ofLong(v, lock);
    }

    /** A shared double in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static DoubleValue ofDouble(double v) {
        return SharedValue.ofDouble(v);
    }

    /** A shared double in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static DoubleValue ofDouble(double v, boolean lock) {
        return SharedValue.ofDouble(v, lock);
    }

    /** A shared double in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static DoubleValue ofDouble(double v, RLock lock) {
        return SharedValue.ofDouble(v, lock);
    }

    /** A shared float in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static FloatValue ofFloat(float v) {
        return SharedValue.ofFloat(v);
    }

    /** A shared float in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static FloatValue ofFloat(float v, boolean lock) {
        return SharedValue.ofFloat(v, lock);
    }

    /** A shared float in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static FloatValue ofFloat(float v, RLock lock) {
        return SharedValue.ofFloat(v, lock);
    }

    /** A shared short in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static ShortValue ofShort(short v) {
        return SharedValue.ofShort(v);
    }

    /** A shared short in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static ShortValue ofShort(short v, boolean lock) {
        return SharedValue.ofShort(v, lock);
    }

    /** A shared short in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static ShortValue ofShort(short v, RLock lock) {
        return SharedValue.ofShort(v, lock);
    }

    /** A shared byte in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static ByteValue ofByte(byte v) {
        return SharedValue.ofByte(v);
    }

    /** A shared byte in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static ByteValue ofByte(byte v, boolean lock) {
        return SharedValue.ofByte(v, lock);
    }

    /** A shared byte in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static ByteValue ofByte(byte v, RLock lock) {
        return SharedValue.ofByte(v, lock);
    }

    /** A shared char in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static CharValue ofChar(char v) {
        return SharedValue.ofChar(v);
    }

    /** A shared char in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static CharValue ofChar(char v, boolean lock) {
        return SharedValue.ofChar(v, lock);
    }

    /** A shared char in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static CharValue ofChar(char v, RLock lock) {
        return SharedValue.ofChar(v, lock);
    }

    /** A shared boolean in shared memory, with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    static BooleanValue ofBoolean(boolean v) {
        return SharedValue.ofBoolean(v);
    }

    /** A shared boolean in shared memory; with {@code lock} false, {@link #getLock()} returns null. */
    static BooleanValue ofBoolean(boolean v, boolean lock) {
        return SharedValue.ofBoolean(v, lock);
    }

    /** A shared boolean in shared memory guarded by {@code lock}, which may be shared with other objects; null for none. */
    static BooleanValue ofBoolean(boolean v, RLock lock) {
        return SharedValue.ofBoolean(v, lock);
    }
}
