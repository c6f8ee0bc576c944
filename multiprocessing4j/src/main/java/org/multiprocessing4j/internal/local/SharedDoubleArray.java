package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link DoubleArray}. */
public final class SharedDoubleArray extends SharedArrayBase implements DoubleArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedDoubleArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public double get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_DOUBLE, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, double value) {
        data.setAtIndex(ValueLayout.JAVA_DOUBLE, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public double[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public double[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new double[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE, (long) from * 8, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, double[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_DOUBLE, (long) from * 8, values.length);
    }

    @Override
    public String toString() {
        return "DoubleArray" + java.util.Arrays.toString(toArray());
    }
}
