package org.multiprocessing4j;

/**
 * A lock ({@link Lock}, {@link RLock}) was held by a process that died; this acquire freed it.
 *
 * <p>From an acquire, the caller does <em>not</em> hold the lock when this is thrown (the usual
 * {@code acquire(); try { .. } finally { release(); }} idiom stays correct): the lock is free,
 * the next acquire takes it normally. From a {@link Condition}'s {@code await}, which must
 * return with the lock held, the caller <em>does</em> hold it ({@link #lockHeld()}), which
 * keeps the same idiom correct around {@code await}. Exactly one acquirer is told for each
 * death. The data the lock protected may have been left half-updated by the dead owner: check
 * or repair it. CPython deadlocks in this situation instead.
 */
public class OwnerDiedException extends MultiprocessingException {

    private final long deadPid;
    private final boolean lockHeld;

    /** The lock was freed and is not held by the caller. */
    public OwnerDiedException(String what, long deadPid) {
        this(what, deadPid, false);
    }

    /** {@code lockHeld}: whether the caller now holds the lock (a condition wait took it over). */
    public OwnerDiedException(String what, long deadPid, boolean lockHeld) {
        super("the owner of " + what + ", process " + deadPid + ", died holding it; "
                + (lockHeld ? "the caller took the lock over and holds it: check the data it protects"
                        : "the lock was freed and is not held by the caller: acquire it again and check the data"
                                + " it protects"));
        this.deadPid = deadPid;
        this.lockHeld = lockHeld;
    }

    /** The pid of the process that died holding the lock. */
    public long deadPid() {
        return deadPid;
    }

    /** Whether the caller holds the lock (after a condition wait) or not (after an acquire). */
    public boolean lockHeld() {
        return lockHeld;
    }
}
