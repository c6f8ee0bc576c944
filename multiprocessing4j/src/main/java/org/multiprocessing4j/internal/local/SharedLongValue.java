package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link LongValue}. */
public final class SharedLongValue extends SharedValue implements LongValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedLongValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public long get() {
        long s = (long) LONG.getVolatile(cell, 0L);
        return s;
    }

    /** Sets the value (a volatile write). */
    public void set(long v) {
        LONG.setVolatile(cell, 0L, (long) v);
    }

    /** Adds {@code delta} atomically, without the lock; returns the new value. */
    public long addAndGet(long delta) {
        return (long) LONG.getAndAdd(cell, 0L, delta) + delta;
    }

    /** Adds one atomically, without the lock; returns the new value. */
    public long incrementAndGet() {
        return addAndGet(1L);
    }

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    public boolean compareAndSet(long expected, long update) {
        return LONG.compareAndSet(cell, 0L, expected, update);
    }

    @Override
    public String toString() {
        return "LongValue[" + get() + "]";
    }
}
