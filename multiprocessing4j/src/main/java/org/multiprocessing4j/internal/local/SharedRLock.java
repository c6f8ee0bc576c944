package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;

/**
 * The shared-memory {@link RLock}: the contract is the interface's; owner death as
 * {@link SharedLock}. It travels to another process as a reference to its segment.
 */
public final class SharedRLock extends MutexLock implements RLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /*
     * Implementation overview: the Mutex of SharedLock, reentrant: the word holds the owner pid; owner
     * thread and depth are kept by this process's object, since only the owner reads them.
     */

    SharedRLock(Segment segment) {
        super(segment, new Mutex(segment.body(), 0, true));
    }

    public static SharedRLock create() {
        return new SharedRLock(newSegment(RLOCK, SyncDescriptor.LENGTH));
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
