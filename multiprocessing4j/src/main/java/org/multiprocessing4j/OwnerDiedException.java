package org.multiprocessing4j;

/**
 * A lock ({@link Lock}, {@link RLock}) was held by a process that died; this acquire freed it.
 *
 * <p>The caller does <em>not</em> hold the lock when this is thrown (the usual
 * {@code acquire(); try { .. } finally { release(); }} idiom stays correct): the lock is free,
 * the next acquire takes it normally. Exactly one acquirer is told for each death. The data the
 * lock protected may have been left half-updated by the dead owner: check or repair it.
 * CPython deadlocks in this situation instead.
 */
public class OwnerDiedException extends MultiprocessingException {

    private final long deadPid;

    public OwnerDiedException(String what, long deadPid) {
        super("the owner of " + what + ", process " + deadPid + ", died holding it; the lock was freed"
                + " and is not held by the caller: acquire it again and check the data it protects");
        this.deadPid = deadPid;
    }

    /** The pid of the process that died holding the lock. */
    public long deadPid() {
        return deadPid;
    }
}
