package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;

/**
 * A reentrant lock shared by processes (Python's {@code multiprocessing.RLock}), which is also a
 * {@link java.util.concurrent.locks.Lock}. Create one with {@link Multiprocessing#rLock()}.
 *
 * <p>Semantics: the owner is a thread of a process; the owner may acquire again, and must
 * release as many times as it acquired. Only the owner may release: anyone else gets an
 * {@link IllegalMonitorStateException}.
 *
 * <p>Owner death, interrupts, process safety and memory effects are those of {@link Lock}; a
 * lock freed from a dead owner forgets the dead owner's depth.
 */
public final class RLock extends MutexLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /*
     * Implementation overview: the Mutex of Lock, reentrant: the word holds the owner pid; owner
     * thread and depth are kept by this process's object, since only the owner reads them.
     */

    RLock(Segment segment) {
        super(segment, new Mutex(segment.body(), 0, true));
    }

    static RLock create() {
        return new RLock(newSegment(RLOCK, SyncDescriptor.LENGTH));
    }

    /**
     * Releases one level.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    @Override
    public void release() {
        mutex.release();
    }

    /** Whether the calling thread holds it. */
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    /** How many times the calling thread holds it (0 if not the owner). */
    public int getHoldCount() {
        return mutex.holdCount();
    }

    @Override
    String kindName() {
        return "an RLock";
    }
}
