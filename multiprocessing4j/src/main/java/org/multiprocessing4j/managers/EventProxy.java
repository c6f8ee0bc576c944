package org.multiprocessing4j.managers;

import java.time.Duration;

/**
 * An event held by a manager: the same operations as {@link org.multiprocessing4j.Event}.
 *
 * <p>Thread-safe and process-safe. Waiting honours interrupts of the calling thread
 * ({@link org.multiprocessing4j.InterruptedWaitException}).
 */
public interface EventProxy {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    boolean isSet();

    /** Waits until the flag is set. */
    void await();

    /** Waits at most {@code timeout} (negative acts as zero); returns the flag. */
    boolean await(Duration timeout);
}
