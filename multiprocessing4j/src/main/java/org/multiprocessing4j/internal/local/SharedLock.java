package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;

/**
 * The shared-memory {@link Lock}: the contract is the interface's. The lock word records the
 * owner's pid, so a waiter can tell that the owner died ({@link OwnerDiedException}); a waiter
 * notices within about 50 ms of sleep. It travels to another process as a reference to its segment.
 */
public final class SharedLock extends MutexLock implements Lock {

    @Serial
    private static final long serialVersionUID = 1L;

    /*
     * Implementation overview: a Mutex over the SyncDescriptor block at the start of the
     * segment's body; the state word holds the owner's pid, so the owner is recorded by the same
     * CAS that takes the lock. Uncontended acquire + release is one CAS and one exchange; a
     * release wakes a sleeper only when the sleeper count says there is one.
     */

    SharedLock(Segment segment) {
        super(segment, new Mutex(segment.body(), 0, false));
    }

    public static SharedLock create() {
        return new SharedLock(newSegment(LOCK, SyncDescriptor.LENGTH));
    }

    /**
     * Releases the lock; any thread of any process may.
     *
     * @throws IllegalStateException if it is not locked
     */
    @Override
    public void release() {
        mutex.release();
    }

    /** Whether some thread of some process holds it (a snapshot). */
    public boolean isLocked() {
        return mutex.ownerPid() != 0;
    }

    @Override
    String kindName() {
        return "a Lock";
    }
}
