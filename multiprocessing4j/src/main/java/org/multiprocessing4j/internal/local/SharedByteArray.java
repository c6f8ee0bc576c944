package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.ByteArray;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The shared-memory {@link ByteArray}. */
public final class SharedByteArray extends SharedArrayBase implements ByteArray {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedByteArray(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The element at {@code index}. */
    public byte get(int index) {
        return data.getAtIndex(ValueLayout.JAVA_BYTE, checkIndex(index));
    }

    /** Sets the element at {@code index}. */
    public void set(int index, byte value) {
        data.setAtIndex(ValueLayout.JAVA_BYTE, checkIndex(index), value);
    }

    /** A copy of the whole array. */
    public byte[] toArray() {
        return copyOfRange(0, length());
    }

    /** A copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public byte[] copyOfRange(int from, int to) {
        checkRange(from, to);
        var out = new byte[to - from];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, (long) from * 1, out, 0, out.length);
        return out;
    }

    /** Copies {@code values} into the array starting at {@code from}. */
    public void setRange(int from, byte[] values) {
        checkRange(from, from + values.length);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_BYTE, (long) from * 1, values.length);
    }

    @Override
    public String toString() {
        return "ByteArray" + java.util.Arrays.toString(toArray());
    }
}
