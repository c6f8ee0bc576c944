package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The shared-memory values behind {@link org.multiprocessing4j.Value}'s factories: one segment
 * per value, laid out as {@link ValueDescriptor} says; each typed subclass implements the typed
 * interface ({@code SharedIntValue} an {@code IntValue}, ...). The lock, when there is one, is any
 * serialisable {@link RLock} and travels with the reference.
 */
public abstract sealed class SharedValue extends SharedObject
        permits SharedIntValue, SharedLongValue, SharedDoubleValue, SharedFloatValue, SharedShortValue, SharedByteValue, SharedCharValue, SharedBooleanValue {

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
     * their atomics are int CAS loops. The lock, when there is one, is a separate SharedRLock.
     */

    SharedValue(Segment segment, RLock lock) {
        super(segment);
        this.cell = segment.body().asSlice(ValueDescriptor.CELL_OFFSET, 8);
        this.lock = lock;
    }

    static Segment newValueSegment(int tag) {
        var s = newSegment(VALUE, ValueDescriptor.LENGTH);
        s.body().set(ValueLayout.JAVA_INT, ValueDescriptor.TAG_OFFSET, tag);
        return s;
    }

    static SharedValue attach(Segment s, RLock lock) {
        int tag = s.body().get(ValueLayout.JAVA_INT, ValueDescriptor.TAG_OFFSET);
        return switch (tag) {
            case 1 -> new SharedIntValue(s, lock);
            case 2 -> new SharedLongValue(s, lock);
            case 3 -> new SharedDoubleValue(s, lock);
            case 4 -> new SharedFloatValue(s, lock);
            case 5 -> new SharedShortValue(s, lock);
            case 6 -> new SharedByteValue(s, lock);
            case 7 -> new SharedCharValue(s, lock);
            case 8 -> new SharedBooleanValue(s, lock);
            default -> throw new IllegalStateException("unknown value kind " + tag + " in " + s);
        };
    }

    @Override
    Serializable extra() {
        return (Serializable) lock;
    }

    /** The lock that guards compound updates, or null if created without one. */
    public RLock getLock() {
        return lock;
    }

    /** A shared int with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedIntValue ofInt(int v) {
        return ofInt(v, true);
    }

    /** A shared int; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedIntValue ofInt(int v, boolean lock) {
        return ofInt(v, lock ? SharedRLock.create() : null);
    }

    /** A shared int guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedIntValue ofInt(int v, RLock lock) {
        var value = new SharedIntValue(newValueSegment(1), lock);
        value.set(v);
        return value;
    }

    /** A shared long with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedLongValue ofLong(long v) {
        return ofLong(v, true);
    }

    /** A shared long; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedLongValue ofLong(long v, boolean lock) {
        return ofLong(v, lock ? SharedRLock.create() : null);
    }

    /** A shared long guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedLongValue ofLong(long v, RLock lock) {
        var value = new SharedLongValue(newValueSegment(2), lock);
        value.set(v);
        return value;
    }

    /** A shared double with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedDoubleValue ofDouble(double v) {
        return ofDouble(v, true);
    }

    /** A shared double; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedDoubleValue ofDouble(double v, boolean lock) {
        return ofDouble(v, lock ? SharedRLock.create() : null);
    }

    /** A shared double guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedDoubleValue ofDouble(double v, RLock lock) {
        var value = new SharedDoubleValue(newValueSegment(3), lock);
        value.set(v);
        return value;
    }

    /** A shared float with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedFloatValue ofFloat(float v) {
        return ofFloat(v, true);
    }

    /** A shared float; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedFloatValue ofFloat(float v, boolean lock) {
        return ofFloat(v, lock ? SharedRLock.create() : null);
    }

    /** A shared float guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedFloatValue ofFloat(float v, RLock lock) {
        var value = new SharedFloatValue(newValueSegment(4), lock);
        value.set(v);
        return value;
    }

    /** A shared short with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedShortValue ofShort(short v) {
        return ofShort(v, true);
    }

    /** A shared short; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedShortValue ofShort(short v, boolean lock) {
        return ofShort(v, lock ? SharedRLock.create() : null);
    }

    /** A shared short guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedShortValue ofShort(short v, RLock lock) {
        var value = new SharedShortValue(newValueSegment(5), lock);
        value.set(v);
        return value;
    }

    /** A shared byte with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedByteValue ofByte(byte v) {
        return ofByte(v, true);
    }

    /** A shared byte; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedByteValue ofByte(byte v, boolean lock) {
        return ofByte(v, lock ? SharedRLock.create() : null);
    }

    /** A shared byte guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedByteValue ofByte(byte v, RLock lock) {
        var value = new SharedByteValue(newValueSegment(6), lock);
        value.set(v);
        return value;
    }

    /** A shared char with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedCharValue ofChar(char v) {
        return ofChar(v, true);
    }

    /** A shared char; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedCharValue ofChar(char v, boolean lock) {
        return ofChar(v, lock ? SharedRLock.create() : null);
    }

    /** A shared char guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedCharValue ofChar(char v, RLock lock) {
        var value = new SharedCharValue(newValueSegment(7), lock);
        value.set(v);
        return value;
    }

    /** A shared boolean with an {@link SharedRLock} of its own (Python's {@code Value(typecode, v)}). */
    public static SharedBooleanValue ofBoolean(boolean v) {
        return ofBoolean(v, true);
    }

    /** A shared boolean; with {@code lock} false, {@link #getLock()} returns null. */
    public static SharedBooleanValue ofBoolean(boolean v, boolean lock) {
        return ofBoolean(v, lock ? SharedRLock.create() : null);
    }

    /** A shared boolean guarded by {@code lock}, which may be shared with other objects; null for none. */
    public static SharedBooleanValue ofBoolean(boolean v, RLock lock) {
        var value = new SharedBooleanValue(newValueSegment(8), lock);
        value.set(v);
        return value;
    }
}
