package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link LongArray}. */
public final class SharedLongArray extends SharedArrayBase implements LongArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedLongArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public long get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_LONG, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, long value) {
        data.setAtIndex(ValueLayout.JAVA_LONG, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public long[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public long[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new long[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_LONG, (long) from * 8, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, long[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_LONG, (long) from * 8, values.length);
    }

    @Override
    public String toString() {
        return "LongArray" + java.util.Arrays.toString(toArray());
    }
}
