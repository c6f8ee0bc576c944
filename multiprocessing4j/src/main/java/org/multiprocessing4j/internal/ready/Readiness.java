package org.multiprocessing4j.internal.ready;

/**
 * Something {@code Multiprocessing.wait(..)} can wait on: a connection with a message to read,
 * a process that has ended, and later a queue with an item. Python's
 * {@code multiprocessing.connection.wait} relies on every such object having a file
 * descriptor; here each kind says how to tell it is ready and how to wake a {@link WaitSet}
 * when it may have become ready, so one wait can mix kinds.
 *
 * <p>Implementations are thread-safe.
 */
public interface Readiness {

    /**
     * Whether a wait on this object would return at once, without blocking and without
     * consuming anything: for a connection, whether a message (or end of stream) is there.
     */
    boolean isReady();

    /**
     * Arranges for {@code set} to be woken (or its selector to fire) when this object may have
     * become ready, until {@code set} is closed. Spurious wake-ups are allowed: the waiter
     * always re-checks {@link #isReady()}. The waiter calls this again before every sleep, so
     * it must be cheap and idempotent; an object whose channel changes wakes the set, and is
     * then watched on its new channel.
     */
    void watch(WaitSet set);
}
