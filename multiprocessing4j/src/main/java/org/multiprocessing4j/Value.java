package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One primitive value in shared memory (Python's {@code multiprocessing.Value}): the factories
 * {@code Value.ofInt(..)}, {@code ofLong}, {@code ofDouble}, {@code ofFloat}, {@code ofShort},
 * {@code ofByte}, {@code ofChar}, {@code ofBoolean} return the typed kinds ({@link IntValue},
 * ...), each with {@code get()} and {@code set(v)}.
 *
 * <p>Semantics: every {@code get} and {@code set} is atomic by itself (a volatile access of
 * the shared cell) and does not take the lock. A compound update such as "read, add, write"
 * needs {@link #getLock()} held around it, as in CPython ({@code with v.get_lock(): v.value += 1}),
 * or one of the lock-free atomics of the integer kinds ({@code incrementAndGet},
 * {@code addAndGet}, {@code compareAndSet}). Created with {@code lock = false}, a value has no
 * lock and {@code getLock()} returns null (Python's {@code lock=False}); created with an
 * {@link RLock}, it uses that one, which other values may share (Python's {@code lock=rlock}).
 *
 * <p>Thread- and process-safe; pass it to a child as a field of the target or of a
 * {@link Process} subclass (its lock goes with it). Memory consistency effects: a {@code set}
 * happens-before a {@code get} in any process that reads the value written.
 */
public abstract sealed class Value extends SharedObject
        permits IntValue, LongValue, DoubleValue, FloatValue, ShortValue, ByteValue, CharValue, BooleanValue {

    @Serial
    private static final long serialVersionUID = 1L;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /**
     * Body layout (see {@link ValueDescriptor}): the cell, 8 bytes, then the kind's tag.
     */
    final transient MemorySegment cell;
    private final transient RLock lock;

    /*
     * Implementation overview: one segment per value; the cell is read and written with
     * volatile var-handle accesses; kinds narrower than int live in an int-sized cell so that
     * their atomics are int CAS loops. The lock, when there is one, is a separate RLock.
     */

    Value(Segment segment, RLock lock) {
        super(segment);
        this.cell = segment.body().asSlice(ValueDescriptor.CELL_OFFSET, 8);
        this.lock = lock;
    }

    static Segment newValueSegment(int tag) {
        var s = newSegment(VALUE, ValueDescriptor.LENGTH);
        s.body().set(ValueLayout.JAVA_INT, ValueDescriptor.TAG_OFFSET, tag);
        return s;
    }

    static Value attach(Segment s, RLock lock) {
        int tag = s.body().get(ValueLayout.JAVA_INT, ValueDescriptor.TAG_OFFSET);
        return switch (tag) {
            case 1 -> new IntValue(s, lock);
            case 2 -> new LongValue(s, lock);
            case 3 -> new DoubleValue(s, lock);
            case 4 -> new FloatValue(s, lock);
            case 5 -> new ShortValue(s, lock);
            case 6 -> new ByteValue(s, lock);
            case 7 -> new CharValue(s, lock);
            case 8 -> new BooleanValue(s, lock);
            default -> throw new IllegalStateException("unknown value kind " + tag + " in " + s);
        };
    }

    @Override
    Serializable extra() {
        return lock;
    }

    /** The lock that guards compound updates, or null if created without one. */
    public RLock getLock() {
        return lock;
    }

    /** A shared int with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static IntValue ofInt(int v) {
        return ofInt(v, true);
    }

    /** A shared int; with {@code lock} false, {@link #getLock()} returns null. */
    public static IntValue ofInt(int v, boolean lock) {
        return ofInt(v, lock ? RLock.create() : null);
    }

    /** A shared int guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static IntValue ofInt(int v, RLock lock) {
        var value = new IntValue(newValueSegment(1), lock);
        value.set(v);
        return value;
    }

    /** A shared long with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static LongValue ofLong(long v) {
        return ofLong(v, true);
    }

    /** A shared long; with {@code lock} false, {@link #getLock()} returns null. */
    public static LongValue ofLong(long v, boolean lock) {
        return ofLong(v, lock ? RLock.create() : null);
    }

    /** A shared long guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static LongValue ofLong(long v, RLock lock) {
        var value = new LongValue(newValueSegment(2), lock);
        value.set(v);
        return value;
    }

    /** A shared double with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static DoubleValue ofDouble(double v) {
        return ofDouble(v, true);
    }

    /** A shared double; with {@code lock} false, {@link #getLock()} returns null. */
    public static DoubleValue ofDouble(double v, boolean lock) {
        return ofDouble(v, lock ? RLock.create() : null);
    }

    /** A shared double guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static DoubleValue ofDouble(double v, RLock lock) {
        var value = new DoubleValue(newValueSegment(3), lock);
        value.set(v);
        return value;
    }

    /** A shared float with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static FloatValue ofFloat(float v) {
        return ofFloat(v, true);
    }

    /** A shared float; with {@code lock} false, {@link #getLock()} returns null. */
    public static FloatValue ofFloat(float v, boolean lock) {
        return ofFloat(v, lock ? RLock.create() : null);
    }

    /** A shared float guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static FloatValue ofFloat(float v, RLock lock) {
        var value = new FloatValue(newValueSegment(4), lock);
        value.set(v);
        return value;
    }

    /** A shared short with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static ShortValue ofShort(short v) {
        return ofShort(v, true);
    }

    /** A shared short; with {@code lock} false, {@link #getLock()} returns null. */
    public static ShortValue ofShort(short v, boolean lock) {
        return ofShort(v, lock ? RLock.create() : null);
    }

    /** A shared short guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static ShortValue ofShort(short v, RLock lock) {
        var value = new ShortValue(newValueSegment(5), lock);
        value.set(v);
        return value;
    }

    /** A shared byte with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static ByteValue ofByte(byte v) {
        return ofByte(v, true);
    }

    /** A shared byte; with {@code lock} false, {@link #getLock()} returns null. */
    public static ByteValue ofByte(byte v, boolean lock) {
        return ofByte(v, lock ? RLock.create() : null);
    }

    /** A shared byte guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static ByteValue ofByte(byte v, RLock lock) {
        var value = new ByteValue(newValueSegment(6), lock);
        value.set(v);
        return value;
    }

    /** A shared char with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static CharValue ofChar(char v) {
        return ofChar(v, true);
    }

    /** A shared char; with {@code lock} false, {@link #getLock()} returns null. */
    public static CharValue ofChar(char v, boolean lock) {
        return ofChar(v, lock ? RLock.create() : null);
    }

    /** A shared char guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static CharValue ofChar(char v, RLock lock) {
        var value = new CharValue(newValueSegment(7), lock);
        value.set(v);
        return value;
    }

    /** A shared boolean with an {@link RLock} of its own (Python's {@code Value(typecode, v)}). */
    public static BooleanValue ofBoolean(boolean v) {
        return ofBoolean(v, true);
    }

    /** A shared boolean; with {@code lock} false, {@link #getLock()} returns null. */
    public static BooleanValue ofBoolean(boolean v, boolean lock) {
        return ofBoolean(v, lock ? RLock.create() : null);
    }

    /** A shared boolean guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static BooleanValue ofBoolean(boolean v, RLock lock) {
        var value = new BooleanValue(newValueSegment(8), lock);
        value.set(v);
        return value;
    }
}
