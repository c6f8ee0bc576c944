package org.multiprocessing4j;

import java.time.Duration;

/**
 * A flag processes wait for (Python's {@code multiprocessing.Event}). Made by
 * {@link Context#event()}, {@link Multiprocessing#event()} or {@code SyncManager.event()}; it
 * starts clear.
 *
 * <p>Semantics: {@link #set()} sets the flag and wakes every waiter, in every process;
 * {@link #clear()} resets it; {@link #await()} returns at once while it is set.
 *
 * <p>Thread- and process-safe. Memory consistency effects: actions before {@code set()}
 * happen-before actions after an {@code await} that returned because of it.
 */
public interface Event {

    /** Sets the flag and wakes all waiters. */
    void set();

    /** Clears the flag. */
    void clear();

    /** Whether the flag is set. */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    void await();

    /**
     * Waits at most {@code timeout} (negative: zero; null: no limit) for the flag.
     *
     * @return whether the flag is set (false on timeout, as Python's {@code wait})
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    boolean await(Duration timeout);
}
