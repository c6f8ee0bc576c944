package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/**
 * A boolean in shared memory; see {@link Value} for the semantics common to every kind.
 * Create one with {@link Value#ofBoolean(boolean)}.
 */
public final class BooleanValue extends Value {

    @Serial
    private static final long serialVersionUID = 1L;

    BooleanValue(Segment segment, RLock lock) {
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
