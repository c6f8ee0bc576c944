package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link IntValue}. */
public final class SharedIntValue extends SharedValue implements IntValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedIntValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public int get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return s;
    }

    /** Sets the value (a volatile write). */
    public void set(int v) {
        INT.setVolatile(cell, 0L, (int) v);
    }

    /** Adds {@code delta} atomically, without the lock; returns the new value. */
    public int addAndGet(int delta) {
        return (int) INT.getAndAdd(cell, 0L, delta) + delta;
    }

    /** Adds one atomically, without the lock; returns the new value. */
    public int incrementAndGet() {
        return addAndGet(1);
    }

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    public boolean compareAndSet(int expected, int update) {
        return INT.compareAndSet(cell, 0L, expected, update);
    }

    @Override
    public String toString() {
        return "IntValue[" + get() + "]";
    }
}
