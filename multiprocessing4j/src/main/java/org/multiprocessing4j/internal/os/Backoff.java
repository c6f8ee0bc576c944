package org.multiprocessing4j.internal.os;

/**
 * The waits of a loop whose failures are transient (no descriptor or thread left): 1 ms after
 * the first failure, doubling up to 1 s, back to the start after a success, so that the loop
 * neither spins nor gives up. One per loop; not thread-safe.
 */
public final class Backoff {

    private static final long MAX_MILLIS = 1000;

    private long millis;

    /** Counts a failure; the wait that follows it, in ms. */
    public long fail() {
        millis = millis == 0 ? 1 : Math.min(MAX_MILLIS, millis * 2);
        return millis;
    }

    /** Whether the failure just counted is the first since the last success. */
    public boolean first() {
        return millis == 1;
    }

    /** Whether the failure just counted is worth a warning: the first, then each one at the longest wait (once a second). */
    public boolean warn() {
        return millis == 1 || millis == MAX_MILLIS;
    }

    /** Counts a success. */
    public void reset() {
        millis = 0;
    }

    /** Waits the time the last failure asked for. */
    public void pause() throws InterruptedException {
        Thread.sleep(millis);
    }
}
