package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An array of int in shared memory; see {@link SharedArray} for the semantics common to every
 * kind. Create one with {@link SharedArray#ofInts(int)} or {@link SharedArray#ofInts(int[])}.
 */
public final class IntArray extends SharedArray {

    @Serial
    private static final long serialVersionUID = 1L;

    IntArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public int get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_INT, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, int value) {
        data.setAtIndex(ValueLayout.JAVA_INT, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public int[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public int[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new int[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_INT, (long) from * 4, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, int[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_INT, (long) from * 4, values.length);
    }

    @Override
    public String toString() {
        return "IntArray" + java.util.Arrays.toString(toArray());
    }
}
