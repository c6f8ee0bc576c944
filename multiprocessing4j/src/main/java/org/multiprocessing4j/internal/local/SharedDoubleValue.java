package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link DoubleValue}. */
public final class SharedDoubleValue extends SharedValue implements DoubleValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedDoubleValue(Segment segment, RLock lock) {
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
