package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;
import java.lang.foreign.ValueLayout;

/**
 * The shared-memory {@link BoundedSemaphore}: the bound is kept in the segment beside the value.
 */
public final class SharedBoundedSemaphore extends SharedSemaphore implements BoundedSemaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient int bound;

    SharedBoundedSemaphore(Segment segment) {
        super(segment);
        this.bound = segment.body().get(ValueLayout.JAVA_INT, SyncDescriptor.A_OFFSET);
    }

    public static SharedBoundedSemaphore create(int value) {
        checkValue(value);
        var seg = newSegment(BOUNDED_SEMAPHORE, SyncDescriptor.LENGTH);
        seg.body().set(ValueLayout.JAVA_INT, SyncDescriptor.A_OFFSET, value);
        var s = new SharedBoundedSemaphore(seg);
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
