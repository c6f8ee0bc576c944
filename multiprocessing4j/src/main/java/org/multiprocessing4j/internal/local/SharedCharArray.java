package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link CharArray}. */
public final class SharedCharArray extends SharedArrayBase implements CharArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedCharArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public char get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_CHAR, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, char value) {
        data.setAtIndex(ValueLayout.JAVA_CHAR, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public char[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public char[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new char[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_CHAR, (long) from * 2, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, char[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_CHAR, (long) from * 2, values.length);
    }

    @Override
    public String toString() {
        return "CharArray" + java.util.Arrays.toString(toArray());
    }
}
