package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.SyncDescriptor;
import org.multiprocessing4j.internal.sync.Word;

import java.io.Serial;
import java.time.Duration;

/**
 * A counting semaphore shared by processes (Python's {@code multiprocessing.Semaphore}). Create
 * one with {@link Multiprocessing#semaphore(int)}.
 *
 * <p>Semantics: {@link #acquire()} takes one permit, waiting while there is none;
 * {@link #release()} returns one and may be called by any thread of any process, also one that
 * never acquired (a plain semaphore has no upper bound; see {@link BoundedSemaphore}).
 *
 * <p>Thread- and process-safe; pass it to a child as a field of the target or of a
 * {@link Process} subclass. Memory consistency effects: actions before a release happen-before
 * actions after an acquire that obtained that permit, in any process.
 */
public sealed class Semaphore extends SharedObject permits BoundedSemaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient Word word;

    /*
     * Implementation overview: the state word is the value. acquire is a CAS loop that
     * decrements a positive value; release adds and wakes one sleeper if the sleeper count says
     * there is one. A process that dies holding permits does not give them back (as in CPython).
     */

    Semaphore(Segment segment) {
        super(segment);
        this.word = new Word(segment.body(), SyncDescriptor.WORD_OFFSET);
    }

    static Semaphore create(int value) {
        checkValue(value);
        var s = new Semaphore(newSegment(SEMAPHORE, SyncDescriptor.LENGTH));
        s.word.set(value);
        return s;
    }

    static void checkValue(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: value=" + value);
        }
    }

    /**
     * Takes a permit, waiting for one.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public void acquire() {
        acquireNanos(Blocking.FOREVER);
    }

    /** With {@code block} false, takes a permit only if one is free now. */
    public boolean acquire(boolean block) {
        if (block) {
            acquire();
            return true;
        }
        return tryTake();
    }

    /** Waits at most {@code timeout} (negative = zero) for a permit; whether one was taken. */
    public boolean acquire(Duration timeout) {
        return acquireNanos(Locks.nanos(timeout, "timeout"));
    }

    private boolean acquireNanos(long nanos) {
        try {
            return Blocking.await(word, this::tryTake, nanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("acquiring a " + getClass().getSimpleName(), e);
        }
    }

    private boolean tryTake() {
        final Word w = word;
        for (int v = w.get(); v > 0; v = w.get()) {
            if (w.compareAndSet(v, v - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Returns a permit, waking one waiter. */
    public void release() {
        word.getAndAdd(1);
        word.wake(1);
    }

    /** The number of free permits now (Python's {@code get_value()}). */
    public int getValue() {
        return word.get();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[value=" + getValue() + "]";
    }
}
