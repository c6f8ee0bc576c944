package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/**
 * A float in shared memory; see {@link Value} for the semantics common to every kind.
 * Create one with {@link Value#ofFloat(float)}.
 */
public final class FloatValue extends Value {

    @Serial
    private static final long serialVersionUID = 1L;

    FloatValue(Segment segment, RLock lock) {
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
