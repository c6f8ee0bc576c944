package org.multiprocessing4j;

/**
 * A {@link Semaphore} whose value may never exceed its initial value (Python's
 * {@code multiprocessing.BoundedSemaphore}): a {@link #release()} that would raise it above
 * throws {@link IllegalStateException} and changes nothing. Made by
 * {@link Context#boundedSemaphore(int)}, {@link Multiprocessing#boundedSemaphore(int)} or
 * {@code SyncManager.boundedSemaphore(int)}.
 */
public interface BoundedSemaphore extends Semaphore {

    /**
     * Returns a permit, waking one waiter.
     *
     * @throws IllegalStateException if the value is already at its initial value (nothing changes)
     */
    @Override
    void release();

    /** The initial value, which the value never exceeds. */
    int bound();
}
