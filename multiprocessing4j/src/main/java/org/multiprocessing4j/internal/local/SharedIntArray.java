package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link IntArray}. */
public final class SharedIntArray extends SharedArrayBase implements IntArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedIntArray(Segment segment, RLock lock) {
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
