package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/**
 * A char in shared memory; see {@link Value} for the semantics common to every kind.
 * Create one with {@link Value#ofChar(char)}.
 */
public final class CharValue extends Value {

    @Serial
    private static final long serialVersionUID = 1L;

    CharValue(Segment segment, RLock lock) {
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
