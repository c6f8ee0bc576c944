package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;

/**
 * The lock core under {@code Lock}, {@code RLock} and the barrier's internal mutex: the state
 * word holds the owner's pid (0 when free), so taking the lock and recording the owner process
 * are one CAS; the owner's thread id follows in the next field, and a recursion count in the
 * {@code a} field for the reentrant kind (see {@link SyncDescriptor}).
 *
 * <p>Owner death: a waiter that has slept a full slice checks whether the owner pid still runs.
 * If not, it frees the lock with a CAS from the dead pid (so exactly one waiter does it) and
 * throws {@link OwnerDied}; the lock is then free and the next attempt takes it normally. A pid
 * reused by an unrelated process before the check keeps the lock held: pids are not reused
 * within seconds on Linux, and a stale pid can only delay recovery, never give two owners.
 *
 * <p>Process-safe and thread-safe. The owner-thread field is written only by the owner and
 * cleared before the word is, so a thread reading "word == my pid, thread == me" is the owner.
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
    private final long recursionOffset;

    /**
     * @param base the offset of a block laid out as {@link SyncDescriptor} (word, sleepers, owner thread)
     * @param recursionOffset where the recursion count lives, or -1 for a non-reentrant lock
     */
    public Mutex(MemorySegment segment, long base, long recursionOffset) {
        this.segment = segment;
        this.word = new Word(segment, base);
        this.ownerThreadOffset = base + SyncDescriptor.OWNER_THREAD_OFFSET;
        this.recursionOffset = recursionOffset;
    }

    /** The pid of the owning process, or 0 when free. */
    public int ownerPid() {
        return word.get();
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return word.get() == PID && (long) Word.LONG.getAcquire(segment, ownerThreadOffset) == Thread.currentThread().threadId();
    }

    /** The recursion count of a reentrant lock (meaningful to its owner), else 1 or 0. */
    public int holdCount() {
        if (recursionOffset < 0) {
            return word.get() != 0 ? 1 : 0;
        }
        return isHeldByCurrentThread() ? (int) Word.INT.getVolatile(segment, recursionOffset) : 0;
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
        if (recursionOffset >= 0 && isHeldByCurrentThread()) {
            int depth = (int) Word.INT.get(segment, recursionOffset);
            if (depth == Integer.MAX_VALUE) {
                throw new IllegalStateException("maximum lock count exceeded");
            }
            Word.INT.setRelease(segment, recursionOffset, depth + 1);
            return true;
        }
        // Test before test-and-set: a failing CAS would still pull the cache line exclusive.
        if (word.get() == 0 && word.compareAndSet(0, PID)) {
            Word.LONG.setRelease(segment, ownerThreadOffset, Thread.currentThread().threadId());
            if (recursionOffset >= 0) {
                Word.INT.setRelease(segment, recursionOffset, 1);
            }
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
     * @throws IllegalStateException if the lock is not held
     * @throws IllegalMonitorStateException if reentrant and not held by the calling thread
     */
    public void release() {
        if (recursionOffset >= 0) {
            if (!isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("cannot release an RLock not held by this thread");
            }
            int depth = (int) Word.INT.get(segment, recursionOffset);
            if (depth > 1) {
                Word.INT.setRelease(segment, recursionOffset, depth - 1);
                return;
            }
            Word.INT.setRelease(segment, recursionOffset, 0);
        }
        int owner = word.get();
        if (owner == 0) {
            throw new IllegalStateException("release of an unlocked lock");
        }
        Word.LONG.setRelease(segment, ownerThreadOffset, 0L);
        if (word.getAndSet(0) == 0) {
            throw new IllegalStateException("release of an unlocked lock");
        }
        word.wakeOne();
    }

    /** Releases every level held by this thread and returns how many, for a condition wait. */
    public int releaseAll() {
        int depth = recursionOffset >= 0 ? (int) Word.INT.get(segment, recursionOffset) : 1;
        if (recursionOffset >= 0) {
            Word.INT.setRelease(segment, recursionOffset, 1);
        }
        release();
        return depth;
    }

    /** Re-acquires after {@link #releaseAll()}, without giving up, and restores the depth. */
    public void reacquire(int depth) {
        boolean interrupted = false;
        while (true) {
            try {
                if (acquire(Blocking.FOREVER)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (OwnerDied e) {
                // freed from a dead owner: try again
            }
        }
        if (recursionOffset >= 0) {
            Word.INT.setRelease(segment, recursionOffset, depth);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
