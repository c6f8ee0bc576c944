package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.io.Serial;

/**
 * A non-recursive lock shared by processes (Python's {@code multiprocessing.Lock}), which is
 * also a {@link java.util.concurrent.locks.Lock}. Create one with {@link Multiprocessing#lock()}
 * or {@link Context#lock()}.
 *
 * <p>Semantics: once acquired, further acquires block, from any thread of any process, the
 * owner included (it does not re-enter). Any thread of any process may release it, as in
 * CPython; releasing a free lock throws {@link IllegalStateException}. Every blocking form
 * honours interrupts; {@link #lock()} too (with an unchecked {@link InterruptedWaitException}).
 *
 * <p>Owner death: if the process holding the lock dies, the next waiter (or non-blocking
 * attempt) frees it and gets an {@link OwnerDiedException}, without holding it; the following
 * acquire succeeds. A waiter notices within about 50 ms of sleep.
 *
 * <p>Thread- and process-safe. Pass it to a child as a field of the target (a captured local
 * of the lambda) or of a {@link Process} subclass: the child attaches the same lock. Under the
 * {@code "thread"} start method it is simply shared.
 *
 * <p>Memory consistency effects: actions before a release in one process happen-before actions
 * after a later acquire in any process (the lock word is read and written with volatile
 * semantics in the shared mapping).
 */
public final class Lock extends MutexLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /*
     * Implementation overview: a Mutex over the SyncDescriptor block at the start of the
     * segment's body; the state word holds the owner's pid, so the owner is recorded by the same
     * CAS that takes the lock. Uncontended acquire + release is one CAS and one exchange; a
     * release wakes a sleeper only when the sleeper count says there is one.
     */

    Lock(Segment segment) {
        super(segment, new Mutex(segment.body(), 0, false));
    }

    static Lock create() {
        return new Lock(newSegment(LOCK, SyncDescriptor.LENGTH));
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
