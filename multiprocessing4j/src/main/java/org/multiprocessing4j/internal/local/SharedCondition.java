package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Condition;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.SyncDescriptor;
import org.multiprocessing4j.internal.sync.Word;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The shared-memory {@link Condition}, over a {@link SharedLock} or {@link SharedRLock}: the
 * contract is the interface's. The condition and its lock travel to another process together.
 */
public final class SharedCondition extends SharedObject implements Condition {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** What travels with the reference: the lock. */
    record Parts(MutexLock lock) implements Serializable {}

    private final transient MutexLock lock;
    private final transient Mutex mutex;
    private final transient Word sequence;
    private final transient MemorySegment block;

    /*
     * Implementation overview: waiters sleep on the block's wake sequence, bumped by every
     * signal (the state word is unused); field "a" counts sleepers not yet signalled, field
     * "b" counts signals not yet consumed (tokens). A waiter increments "a" (holding the lock),
     * releases the lock and sleeps until it can take a token. signal(n) moves min(n, a) from
     * "a" to "b" and wakes that many. A waiter that times out or is interrupted withdraws from
     * "a", or, if a signal already moved it to "b", consumes a token and reports success (an
     * interrupted one keeps its interrupt status). Invariant: a + b = threads inside await.
     */

    SharedCondition(Segment segment, Parts parts) {
        super(segment);
        this.lock = parts.lock();
        this.mutex = lock.mutex();
        this.block = segment.body();
        this.sequence = new Word(block, SyncDescriptor.WORD_OFFSET);
    }

    /**
     * A new condition over {@code lock}, which must be a shared-memory {@code Lock} or
     * {@code RLock} (the waiters sleep in the same segment family and release it directly).
     *
     * @throws IllegalArgumentException if {@code lock} is another kind of lock (a manager's, say)
     */
    public static SharedCondition create(java.util.concurrent.locks.Lock lock) {
        Objects.requireNonNull(lock, "lock");
        if (!(lock instanceof MutexLock m)) {
            throw new IllegalArgumentException("a shared-memory Condition needs a Lock or an RLock made by a local context"
                    + " (spawn, warm, thread); for another kind of lock use the condition() of what made it: lock=" + lock);
        }
        return new SharedCondition(newSegment(CONDITION, SyncDescriptor.LENGTH), new Parts(m));
    }

    @Override
    Serializable extra() {
        return new Parts(lock);
    }

    /** The lock of this condition: a {@link SharedLock} or an {@link SharedRLock}. */
    public java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    /** Acquires the underlying lock (blocking). */
    public void acquire() {
        Locks.acquire(mutex, "the lock of a Condition", Blocking.FOREVER);
    }

    /** Acquires the underlying lock within {@code timeout}; whether it was acquired. */
    public boolean acquire(Duration timeout) {
        return Locks.acquire(mutex, "the lock of a Condition", Locks.nanos(timeout));
    }

    /** Releases the underlying lock. */
    public void release() {
        mutex.release();
    }

    /**
     * Waits at most {@code timeout} (negative = zero) for a signal, Python style.
     *
     * @return false if the time ran out
     * @throws InterruptedWaitException if interrupted (the lock is held again when thrown)
     */
    public boolean await(Duration timeout) {
        try {
            return awaitNanos0(Locks.nanos(timeout));
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting on a Condition", e);
        }
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanos0(Blocking.FOREVER);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitNanos0(Blocking.FOREVER);
        } catch (InterruptedException e) {
            // returning early is a permitted spurious wake-up; keep the interrupt for the caller
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        awaitNanos0(Math.max(0, nanosTimeout));
        return nanosTimeout - (System.nanoTime() - start);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos0(Math.max(0, unit.toNanos(time)));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long millis = deadline.getTime() - System.currentTimeMillis();
        return awaitNanos0(Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis)));
    }

    /**
     * Waits until {@code predicate} is true or {@code timeout} ends (null: no limit), evaluating
     * it with the lock held (Python's {@code wait_for}).
     *
     * @return the last value of the predicate
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        long limit = Locks.nanos(timeout);
        long start = System.nanoTime();
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long remaining = limit == Blocking.FOREVER ? Blocking.FOREVER : limit - (System.nanoTime() - start);
            if (remaining <= 0) {
                break;
            }
            try {
                awaitNanos0(remaining);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a Condition", e);
            }
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiter, if any. */
    @Override
    public void signal() {
        signal(1);
    }

    /** Wakes every waiter. */
    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code n} of the current waiters (Python's {@code notify(n)}).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: n=" + n);
        }
        checkOwned("signal");
        int moved;
        while (true) {
            int sleepers = (int) INT.getVolatile(block, SyncDescriptor.A_OFFSET);
            moved = Math.min(n, sleepers);
            if (moved == 0 || INT.compareAndSet(block, SyncDescriptor.A_OFFSET, sleepers, sleepers - moved)) {
                break;
            }
        }
        if (moved > 0) {
            INT.getAndAdd(block, SyncDescriptor.B_OFFSET, moved);
            sequence.wake(moved);
        }
    }

    private void checkOwned(String what) {
        if (!mutex.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot " + what + " on a Condition without holding its lock");
        }
    }

    /**
     * Proceed in three steps: register as a sleeper and release the lock; sleep until a token
     * can be taken or the time ends (then withdraw); re-acquire the lock to the same depth.
     */
    private boolean awaitNanos0(long nanos) throws InterruptedException {
        checkOwned("await");
        drainTokens();
        INT.getAndAdd(block, SyncDescriptor.A_OFFSET, 1);
        int depth = mutex.releaseAll();
        boolean signalled;
        try {
            signalled = Blocking.await(sequence, this::takeToken, nanos) || withdraw();
        } catch (InterruptedException e) {
            if (!withdraw()) {
                reacquire(depth, e);
                throw e;
            }
            // A signal was already ours: consume it rather than lose it, keep the interrupt.
            Thread.currentThread().interrupt();
            signalled = true;
        } catch (RuntimeException | Error e) {
            reacquire(depth, e);
            throw e;
        }
        reacquire(depth, null);
        return signalled;
    }

    /**
     * Takes the lock back to {@code depth}. If its holder died meanwhile the caller is told, as
     * any acquirer is: {@link OwnerDiedException}, here with the lock held (what was protected
     * may be inconsistent); added to {@code pending} instead when another exception is on its way.
     */
    private void reacquire(int depth, Throwable pending) {
        int deadOwner = mutex.reacquire(depth);
        if (deadOwner != 0) {
            var died = new OwnerDiedException("the lock of a Condition", deadOwner, true);
            if (pending != null) {
                pending.addSuppressed(died);
            } else {
                throw died;
            }
        }
    }

    /**
     * Waits, holding the lock, until the threads signalled earlier have taken their tokens, so
     * that a new waiter cannot take a token meant for a thread that was waiting at the time of
     * the signal (CPython's {@code notify} waits for the woken the same way). Tokens are taken
     * without the lock, so this ends as soon as those threads run; one whose process died never
     * takes its token, hence the bound, after which the waiter goes on (and may take it).
     */
    private void drainTokens() {
        if ((int) INT.getVolatile(block, SyncDescriptor.B_OFFSET) == 0) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_LIMIT_NANOS;
        for (int spins = 0; (int) INT.getVolatile(block, SyncDescriptor.B_OFFSET) > 0; spins++) {
            if (System.nanoTime() - deadline > 0) {
                return;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }
    }

    /** How long a new waiter waits for earlier signals' tokens to be taken (see {@link #drainTokens()}). */
    private static final long DRAIN_LIMIT_NANOS = 200_000_000L;

    private boolean takeToken() {
        for (int t = (int) INT.getVolatile(block, SyncDescriptor.B_OFFSET); t > 0;
                t = (int) INT.getVolatile(block, SyncDescriptor.B_OFFSET)) {
            if (INT.compareAndSet(block, SyncDescriptor.B_OFFSET, t, t - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Leaves after a timeout or interrupt; true if a signal had already been given to us. */
    private boolean withdraw() {
        while (true) {
            int sleepers = (int) INT.getVolatile(block, SyncDescriptor.A_OFFSET);
            if (sleepers > 0) {
                if (INT.compareAndSet(block, SyncDescriptor.A_OFFSET, sleepers, sleepers - 1)) {
                    return false;
                }
            } else if (takeToken()) {
                return true;
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** How many threads wait and have not been signalled yet (a snapshot, for diagnostics). */
    public int waiting() {
        return (int) INT.getVolatile(block, SyncDescriptor.A_OFFSET);
    }

    @Override
    public String toString() {
        return "Condition[" + lock + ", waiting=" + waiting() + "]";
    }
}
