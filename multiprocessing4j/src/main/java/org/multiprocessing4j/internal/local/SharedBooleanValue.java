package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.BooleanValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link BooleanValue}. */
public final class SharedBooleanValue extends SharedValue implements BooleanValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedBooleanValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public boolean get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return s != 0;
    }

    /** Sets the value (a volatile write). */
    public void set(boolean v) {
        INT.setVolatile(cell, 0L, (int) (v ? 1 : 0));
    }

    @Override
    public String toString() {
        return "BooleanValue[" + get() + "]";
    }
}
