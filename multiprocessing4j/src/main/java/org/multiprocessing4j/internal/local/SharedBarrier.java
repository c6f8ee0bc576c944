package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializableRunnable;
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

/**
 * The shared-memory {@link Barrier}: the contract is the interface's. Its action and default
 * timeout travel with the reference to its segment.
 */
public final class SharedBarrier extends SharedObject implements Barrier {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int PASSED = 1;
    private static final int BROKEN = 2;

    /** What travels with the reference. */
    record Parts(SerializableRunnable action, Duration timeout) implements Serializable {}

    private final transient Parts parts;
    private final transient MemorySegment block;
    private final transient Word generation;
    private final transient Mutex mutex;
    private final transient int parties;

    /*
     * Implementation overview: the state word is the generation, bumped when a pass completes
     * or the current one is broken; "a" = parties, "b" = arrived in this generation, "c" = broken,
     * "d"/"e" = outcome (PASSED or BROKEN) of the last even/odd generation. A waiter reads the
     * outcome of its own generation when it wakes; that slot is rewritten only two generations
     * later, which needs a break, a reset and a full pass of other parties while the waiter has
     * not yet been scheduled (possible only with more processes than parties; not guarded).
     * Compound updates take the nested mutex; no user code (the action) runs under it.
     */

    SharedBarrier(Segment segment, Parts parts) {
        super(segment);
        this.parts = parts;
        this.block = segment.body();
        this.generation = new Word(block, SyncDescriptor.WORD_OFFSET);
        this.mutex = new Mutex(block, SyncDescriptor.MUTEX_OFFSET, false);
        this.parties = (int) INT.getVolatile(block, SyncDescriptor.A_OFFSET);
    }

    public static SharedBarrier create(int parties, SerializableRunnable action, Duration timeout) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties must be > 0: parties=" + parties);
        }
        var seg = newSegment(BARRIER, SyncDescriptor.LENGTH);
        INT.setVolatile(seg.body(), SyncDescriptor.A_OFFSET, parties);
        return new SharedBarrier(seg, new Parts(action, timeout));
    }

    @Override
    Serializable extra() {
        return parts;
    }

    /** Waits with the barrier's default timeout (none unless one was given at creation). */
    public int await() {
        return awaitNanos(Locks.nanos(parts.timeout()));
    }

    /**
     * Waits at most {@code timeout} (negative = zero) for the other parties.
     *
     * @return this party's index of arrival, 0 to parties-1
     * @throws BrokenBarrierException if the barrier is or gets broken, or the time runs out (which breaks it)
     */
    public int await(Duration timeout) {
        return timeout == null ? await() : awaitNanos(Locks.nanos(timeout));
    }

    private int awaitNanos(long nanos) {
        lock();
        int gen = generation.get();
        int index;
        try {
            if ((int) INT.getVolatile(block, SyncDescriptor.C_OFFSET) != 0) {
                throw new BrokenBarrierException("the barrier is broken");
            }
            index = (int) INT.getVolatile(block, SyncDescriptor.B_OFFSET);
            INT.setVolatile(block, SyncDescriptor.B_OFFSET, index + 1);
        } finally {
            mutex.release();
        }
        if (index + 1 == parties) {
            return release(gen, index);
        }
        boolean ended;
        try {
            ended = Blocking.await(generation, () -> generation.get() != gen, nanos);
        } catch (InterruptedException e) {
            if (breakIfCurrent(gen)) {
                throw InterruptedWaitException.of("waiting at a Barrier", e);
            }
            // The pass ended before the interrupt took effect: its outcome stands, the interrupt is kept.
            Thread.currentThread().interrupt();
            ended = true;
        }
        if (!ended && breakIfCurrent(gen)) {
            throw new BrokenBarrierException("timed out waiting at the barrier, which is now broken");
        }
        if (outcome(gen) != PASSED) {
            throw new BrokenBarrierException("the barrier was broken or reset while waiting");
        }
        return index;
    }

    /** The last party: run the action outside the mutex, then release the others. */
    private int release(int gen, int index) {
        Throwable failure = null;
        if (parts.action() != null) {
            try {
                parts.action().run();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
        lock();
        try {
            if (generation.get() != gen) {
                throw new BrokenBarrierException("the barrier was broken or reset while its action ran");
            }
            if (failure != null) {
                INT.setVolatile(block, SyncDescriptor.C_OFFSET, 1);
            }
            endGeneration(gen, failure == null ? PASSED : BROKEN);
        } finally {
            mutex.release();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return index;
    }

    /** Under the mutex: record the outcome of {@code gen}, empty the barrier, wake everyone. */
    private void endGeneration(int gen, int outcome) {
        INT.setVolatile(block, (gen & 1) == 0 ? SyncDescriptor.D_OFFSET : SyncDescriptor.E_OFFSET, outcome);
        INT.setVolatile(block, SyncDescriptor.B_OFFSET, 0);
        generation.set(gen + 1);
        generation.wake(Integer.MAX_VALUE);
    }

    private int outcome(int gen) {
        return (int) INT.getVolatile(block, (gen & 1) == 0 ? SyncDescriptor.D_OFFSET : SyncDescriptor.E_OFFSET);
    }

    /**
     * Breaks the barrier if generation {@code gen} is still open; a generation that has already
     * ended (passed, broken or reset) is left alone, and so is the next one.
     *
     * @return whether it broke it
     */
    private boolean breakIfCurrent(int gen) {
        lock();
        try {
            if (generation.get() != gen) {
                return false;
            }
            INT.setVolatile(block, SyncDescriptor.C_OFFSET, 1);
            endGeneration(gen, BROKEN);
            return true;
        } finally {
            mutex.release();
        }
    }

    /** Breaks the barrier: current and later waiters get {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        lock();
        try {
            INT.setVolatile(block, SyncDescriptor.C_OFFSET, 1);
            endGeneration(generation.get(), BROKEN);
        } finally {
            mutex.release();
        }
    }

    /** Returns the barrier to its empty state; current waiters get {@link BrokenBarrierException}. */
    public void reset() {
        lock();
        try {
            if ((int) INT.getVolatile(block, SyncDescriptor.B_OFFSET) > 0) {
                endGeneration(generation.get(), BROKEN);
            }
            INT.setVolatile(block, SyncDescriptor.C_OFFSET, 0);
        } finally {
            mutex.release();
        }
    }

    /** The number of parties needed to pass. */
    public int parties() {
        return parties;
    }

    /** How many parties wait now. */
    public int nWaiting() {
        return (int) INT.getVolatile(block, SyncDescriptor.B_OFFSET);
    }

    /** Whether the barrier is broken. */
    public boolean isBroken() {
        return (int) INT.getVolatile(block, SyncDescriptor.C_OFFSET) != 0;
    }

    /**
     * The internal mutex is held only for a few field updates: wait for it without limit. If a
     * party died holding it (kill -9 in those few instructions), the count may include a party
     * that will never come back, so the barrier is broken: waiters get
     * {@link BrokenBarrierException} instead of waiting for it, and {@link #reset()} makes the
     * barrier usable again.
     */
    private void lock() {
        if (mutex.reacquire(1) != 0) {
            INT.setVolatile(block, SyncDescriptor.C_OFFSET, 1);
            endGeneration(generation.get(), BROKEN);
        }
    }

    @Override
    public String toString() {
        return "Barrier[parties=" + parties + ", waiting=" + nWaiting() + (isBroken() ? ", broken" : "") + "]";
    }
}
