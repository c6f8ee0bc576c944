package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.Event;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.SyncDescriptor;
import org.multiprocessing4j.internal.sync.Word;

import java.io.Serial;
import java.time.Duration;

/**
 * The shared-memory {@link Event}: the contract is the interface's.
 */
public final class SharedEvent extends SharedObject implements Event {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Word word;

    /* Implementation overview: the state word is the flag (0 clear, 1 set); set wakes all. */

    SharedEvent(Segment segment) {
        super(segment);
        this.word = new Word(segment.body(), SyncDescriptor.WORD_OFFSET);
    }

    public static SharedEvent create() {
        return new SharedEvent(newSegment(EVENT, SyncDescriptor.LENGTH));
    }

    /** Sets the flag and wakes all waiters. */
    public void set() {
        if (word.getAndSet(1) == 0) {
            word.wake(Integer.MAX_VALUE);
        }
    }

    /** Clears the flag. */
    public void clear() {
        word.set(0);
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        return word.get() != 0;
    }

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public void await() {
        awaitNanos(Blocking.FOREVER);
    }

    /**
     * Waits at most {@code timeout} (negative = zero) for the flag.
     *
     * @return whether the flag is set (false on timeout, as Python's {@code wait})
     */
    public boolean await(Duration timeout) {
        return awaitNanos(Locks.nanos(timeout));
    }

    private boolean awaitNanos(long nanos) {
        try {
            return Blocking.await(word, this::isSet, nanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for an Event", e);
        }
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "clear") + "]";
    }
}
