package org.multiprocessing4j.managers;

import java.time.Duration;

/**
 * A semaphore (or bounded semaphore) held by a manager: the operations of
 * {@link org.multiprocessing4j.Semaphore}. Any thread may release.
 *
 * <p>Thread-safe and process-safe.
 */
public interface SemaphoreProxy {

    /** Takes a permit, waiting as long as needed. */
    void acquire();

    /** Takes a permit if {@code block} or if one is free now; returns whether it did. */
    boolean acquire(boolean block);

    /** Takes a permit, waiting at most {@code timeout} (negative acts as zero); returns whether it did. */
    boolean acquire(Duration timeout);

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException for a bounded semaphore released more often than acquired
     */
    void release();

    /** The number of free permits now. */
    int getValue();
}
