package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;

/**
 * The lock core under {@code Lock}, {@code RLock} and the barrier's internal mutex: the state
 * word holds the owner's pid (0 when free), so taking the lock and recording the owner process
 * are one CAS. The non-reentrant kind records the owner's thread id in shared memory (any
 * process may release it, and a condition asks whether the caller holds it); the reentrant
 * kind keeps owner thread and depth in its process (see the fields).
 *
 * <p>Owner death: a waiter that has slept a full slice checks whether the owner pid still runs.
 * If not, it frees the lock with a CAS from the dead pid (so exactly one waiter does it) and
 * throws {@link OwnerDied}; the lock is then free and the next attempt takes it normally. A pid
 * reused by an unrelated process before the check keeps the lock held: pids are not reused
 * within seconds on Linux, and a stale pid can only delay recovery, never give two owners.
 *
 * <p>Process-safe and thread-safe. The shared owner-thread field is written only by the owner
 * and cleared before the word is, so a thread reading "word == my pid, thread == me" is the
 * owner.
 */
public final class Mutex {

    /** This process's pid as stored in lock words. */
    public static final int PID = (int) ProcessHandle.current().pid();

    /** The lock was freed from a dead owner by this caller, which does not hold it. */
    public static final class OwnerDied extends RuntimeException {
        public final int deadPid;

        OwnerDied(int deadPid) {
            super(null, null, false, false);
            this.deadPid = deadPid;
        }
    }

    private final Word word;
    private final MemorySegment segment;
    private final long ownerThreadOffset;
    private final boolean reentrant;

    /*
     * Reentrant kind: which thread of this process owns the lock, and how deep, is kept in these
     * fields of the process's one Mutex object (shared objects resolve to one object per
     * process), not in shared memory: only the owner thread reads them as "mine", and a thread
     * always sees its own writes, so plain fields suffice. Other processes need only the owner
     * pid, in the word. This halves the shared-memory accesses of an acquire + release.
     */
    private Thread localOwner;
    private int localDepth;

    /**
     * @param base the offset of a block laid out as {@link SyncDescriptor} (word group, owner thread)
     * @param reentrant whether the owner thread may acquire again ({@code RLock})
     */
    public Mutex(MemorySegment segment, long base, boolean reentrant) {
        this.segment = segment;
        this.word = new Word(segment, base);
        this.ownerThreadOffset = base + SyncDescriptor.OWNER_THREAD_OFFSET;
        this.reentrant = reentrant;
    }

    /** The pid of the owning process, or 0 when free. */
    public int ownerPid() {
        return word.get();
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        if (reentrant) {
            return localOwner == Thread.currentThread();
        }
        return word.get() == PID && (long) Word.LONG.getAcquire(segment, ownerThreadOffset) == Thread.currentThread().threadId();
    }

    /** The recursion depth of the calling thread for a reentrant lock; for the other kind 1 if locked, else 0. */
    public int holdCount() {
        if (!reentrant) {
            return word.get() != 0 ? 1 : 0;
        }
        return localOwner == Thread.currentThread() ? localDepth : 0;
    }

    /**
     * One non-blocking attempt; re-enters if reentrant and already held by this thread.
     *
     * @throws OwnerDied if the lock was held by a dead process and this call freed it
     */
    public boolean tryAcquire() {
        if (tryOnce()) {
            return true;
        }
        checkOwnerAlive();
        return false;
    }

    /**
     * Acquires within {@code timeoutNanos} ({@link Blocking#FOREVER} for no limit).
     *
     * @throws OwnerDied if the lock was held by a dead process and this call freed it
     */
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (tryOnce()) {
            return true;
        }
        return Blocking.await(word, new Blocking.Attempt() {
            long lastCheck = System.nanoTime();

            @Override
            public boolean tryNow() {
                return tryOnce();
            }

            @Override
            public void onSlice() {
                long now = System.nanoTime();
                if (now - lastCheck >= Word.SLICE_NANOS || timeoutNanos <= 0) {
                    lastCheck = now;
                    checkOwnerAlive();
                }
            }
        }, timeoutNanos);
    }

    private boolean tryOnce() {
        if (reentrant) {
            Thread me = Thread.currentThread();
            if (localOwner == me) {
                if (localDepth == Integer.MAX_VALUE) {
                    throw new IllegalStateException("maximum lock count exceeded");
                }
                localDepth++;
                return true;
            }
            // Test before test-and-set: a failing CAS would still pull the cache line exclusive.
            if (word.get() == 0 && word.compareAndSet(0, PID)) {
                localOwner = me;
                localDepth = 1;
                return true;
            }
            return false;
        }
        if (word.get() == 0 && word.compareAndSet(0, PID)) {
            Word.LONG.setRelease(segment, ownerThreadOffset, Thread.currentThread().threadId());
            return true;
        }
        return false;
    }

    private void checkOwnerAlive() {
        int owner = word.get();
        if (owner != 0 && owner != PID && !isAlive(owner)) {
            // The owner-thread field is left to the next owner, which overwrites it.
            if (word.compareAndSet(owner, 0)) {
                word.wakeOne();
                throw new OwnerDied(owner);
            }
        }
    }

    static boolean isAlive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Releases one level. A non-reentrant lock may be released by any thread of any process.
     *
     * @throws IllegalStateException if a non-reentrant lock is not held
     * @throws IllegalMonitorStateException if reentrant and not held by the calling thread
     */
    public void release() {
        if (reentrant) {
            if (localOwner != Thread.currentThread()) {
                throw new IllegalMonitorStateException("cannot release an RLock not held by this thread");
            }
            if (--localDepth > 0) {
                return;
            }
            localOwner = null;
        } else {
            Word.LONG.setRelease(segment, ownerThreadOffset, 0L);
        }
        if (word.getAndSet(0) == 0) {
            throw new IllegalStateException("release of an unlocked lock");
        }
        word.wakeOne();
    }

    /** Releases every level held by this thread and returns how many, for a condition wait. */
    public int releaseAll() {
        int depth = 1;
        if (reentrant) {
            depth = localDepth;
            localDepth = 1;
        }
        release();
        return depth;
    }

    /**
     * Re-acquires after {@link #releaseAll()}, without giving up, and restores the depth.
     *
     * @return the pid of a process that died holding the lock and whose lock this call freed
     *         on the way (the caller holds the lock either way), or 0
     */
    public int reacquire(int depth) {
        boolean interrupted = false;
        int deadOwner = 0;
        while (true) {
            try {
                if (acquire(Blocking.FOREVER)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (OwnerDied e) {
                deadOwner = e.deadPid; // freed from a dead owner: take it
            }
        }
        if (reentrant) {
            localDepth = depth;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return deadOwner;
    }
}
