package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.FloatArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link FloatArray}. */
public final class SharedFloatArray extends SharedArrayBase implements FloatArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedFloatArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public float get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_FLOAT, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, float value) {
        data.setAtIndex(ValueLayout.JAVA_FLOAT, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public float[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public float[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new float[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, (long) from * 4, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, float[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_FLOAT, (long) from * 4, values.length);
    }

    @Override
    public String toString() {
        return "FloatArray" + java.util.Arrays.toString(toArray());
    }
}
