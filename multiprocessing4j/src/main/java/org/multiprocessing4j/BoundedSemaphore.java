package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;
import java.lang.foreign.ValueLayout;

/**
 * A {@link Semaphore} whose value may never exceed its initial value (Python's
 * {@code multiprocessing.BoundedSemaphore}): a {@link #release()} that would raise it above
 * throws {@link IllegalStateException} and changes nothing. Create one with
 * {@link Multiprocessing#boundedSemaphore(int)}.
 */
public final class BoundedSemaphore extends Semaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient int bound;

    BoundedSemaphore(Segment segment) {
        super(segment);
        this.bound = segment.body().get(ValueLayout.JAVA_INT, SyncDescriptor.A_OFFSET);
    }

    static BoundedSemaphore create(int value) {
        checkValue(value);
        var seg = newSegment(BOUNDED_SEMAPHORE, SyncDescriptor.LENGTH);
        seg.body().set(ValueLayout.JAVA_INT, SyncDescriptor.A_OFFSET, value);
        var s = new BoundedSemaphore(seg);
        s.word.set(value);
        return s;
    }

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException if the value is already at its initial value
     */
    @Override
    public void release() {
        for (int v = word.get(); ; v = word.get()) {
            if (v >= bound) {
                throw new IllegalStateException("semaphore released too many times: value=" + v + ", bound=" + bound);
            }
            if (word.compareAndSet(v, v + 1)) {
                break;
            }
        }
        word.wake(1);
    }

    /** The initial value, which the value never exceeds. */
    public int bound() {
        return bound;
    }
}
