package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.RLock;
import org.multiprocessing4j.ShortValue;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link ShortValue}. */
public final class SharedShortValue extends SharedValue implements ShortValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedShortValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public short get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return (short) s;
    }

    /** Sets the value (a volatile write). */
    public void set(short v) {
        INT.setVolatile(cell, 0L, (int) v);
    }

    /** Adds {@code delta} atomically (wrapping like Java arithmetic), without the lock; returns the new value. */
    public short addAndGet(short delta) {
        while (true) {
            int s = (int) INT.getVolatile(cell, 0L);
            short next = (short) (s + delta);
            if (INT.compareAndSet(cell, 0L, s, (int) next)) {
                return next;
            }
        }
    }

    /** Adds one atomically, without the lock; returns the new value. */
    public short incrementAndGet() {
        return addAndGet((short) 1);
    }

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    public boolean compareAndSet(short expected, short update) {
        return INT.compareAndSet(cell, 0L, (int) expected, (int) update);
    }

    @Override
    public String toString() {
        return "ShortValue[" + get() + "]";
    }
}
