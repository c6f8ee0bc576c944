package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.RLock;
import org.multiprocessing4j.ShortArray;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link ShortArray}. */
public final class SharedShortArray extends SharedArrayBase implements ShortArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedShortArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public short get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_SHORT, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, short value) {
        data.setAtIndex(ValueLayout.JAVA_SHORT, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public short[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public short[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new short[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_SHORT, (long) from * 2, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, short[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_SHORT, (long) from * 2, values.length);
    }

    @Override
    public String toString() {
        return "ShortArray" + java.util.Arrays.toString(toArray());
    }
}
