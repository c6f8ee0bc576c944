package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.FloatValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link FloatValue}. */
public final class SharedFloatValue extends SharedValue implements FloatValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedFloatValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public float get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return Float.intBitsToFloat(s);
    }

    /** Sets the value (a volatile write). */
    public void set(float v) {
        INT.setVolatile(cell, 0L, (int) Float.floatToRawIntBits(v));
    }

    @Override
    public String toString() {
        return "FloatValue[" + get() + "]";
    }
}
