package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.ByteValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.Serial;

/** The shared-memory {@link ByteValue}. */
public final class SharedByteValue extends SharedValue implements ByteValue {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedByteValue(Segment segment, RLock lock) {
        super(segment, lock);
    }

    /** The value (a volatile read). */
    public byte get() {
        int s = (int) INT.getVolatile(cell, 0L);
        return (byte) s;
    }

    /** Sets the value (a volatile write). */
    public void set(byte v) {
        INT.setVolatile(cell, 0L, (int) v);
    }

    /** Adds {@code delta} atomically (wrapping like Java arithmetic), without the lock; returns the new value. */
    public byte addAndGet(byte delta) {
        while (true) {
            int s = (int) INT.getVolatile(cell, 0L);
            byte next = (byte) (s + delta);
            if (INT.compareAndSet(cell, 0L, s, (int) next)) {
                return next;
            }
        }
    }

    /** Adds one atomically, without the lock; returns the new value. */
    public byte incrementAndGet() {
        return addAndGet((byte) 1);
    }

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    public boolean compareAndSet(byte expected, byte update) {
        return INT.compareAndSet(cell, 0L, (int) expected, (int) update);
    }

    @Override
    public String toString() {
        return "ByteValue[" + get() + "]";
    }
}
