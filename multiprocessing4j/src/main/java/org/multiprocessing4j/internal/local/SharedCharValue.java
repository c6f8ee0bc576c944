package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.CharValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link CharValue}. */
public final class SharedCharValue extends SharedValue implements CharValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedCharValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public char get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return (char) s;
    }

    /** Sets the value (a volatile write). */
    public void set(char v) {
        INT.setVolatile(cell, 0L, (int) v);
    }

    @Override
    public String toString() {
        return "CharValue[" + get() + "]";
    }
}
