package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/**
 * A double in shared memory; see {@link Value} for the semantics common to every kind.
 * Create one with {@link Value#ofDouble(double)}.
 */
public final class DoubleValue extends Value {

    @Serial
    private static final long serialVersionUID = 1L;

    DoubleValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public double get() {
        long s = (long) LONG.getVolatile(cell, 0L);
        return Double.longBitsToDouble(s);
    }

    /** Sets the value (a volatile write). */
    public void set(double v) {
        LONG.setVolatile(cell, 0L, (long) Double.doubleToRawLongBits(v));
    }

    @Override
    public String toString() {
        return "DoubleValue[" + get() + "]";
    }
}
