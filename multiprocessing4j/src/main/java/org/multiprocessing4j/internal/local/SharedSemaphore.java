package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.SyncDescriptor;
import org.multiprocessing4j.internal.sync.Word;

import java.io.Serial;
import java.time.Duration;

/**
 * The shared-memory {@link Semaphore}: the contract is the interface's. It travels to another
 * process as a reference to its segment.
 */
public sealed class SharedSemaphore extends SharedObject implements Semaphore permits SharedBoundedSemaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient Word word;

    /*
     * Implementation overview: the state word is the value. acquire is a CAS loop that
     * decrements a positive value; release adds and wakes one sleeper if the sleeper count says
     * there is one. A process that dies holding permits does not give them back (as in CPython).
     */

    SharedSemaphore(Segment segment) {
        super(segment);
        this.word = new Word(segment.body(), SyncDescriptor.WORD_OFFSET);
    }

    public static SharedSemaphore create(int value) {
        checkValue(value);
        var s = new SharedSemaphore(newSegment(SEMAPHORE, SyncDescriptor.LENGTH));
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
        return acquireNanos(Locks.nanos(timeout));
    }

    private boolean acquireNanos(long nanos) {
        try {
            return Blocking.await(word, this::tryTake, nanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("acquiring a " + getClass().getSimpleName().substring("Shared".length()), e);
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
        final Word w = word;
        for (int v = w.get(); ; v = w.get()) {
            if (v == Integer.MAX_VALUE) {
                throw new IllegalStateException("semaphore value would overflow: value=" + v + " (Integer.MAX_VALUE)");
            }
            if (w.compareAndSet(v, v + 1)) {
                break;
            }
        }
        w.wake(1);
    }

    /** The number of free permits now (Python's {@code get_value()}). */
    public int getValue() {
        return word.get();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().substring("Shared".length()) + "[value=" + getValue() + "]";
    }
}
