package org.multiprocessing4j;

/**
 * A shared long; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofLong(long)} and its overloads, or by a manager.
 */
public non-sealed interface LongValue extends Value {

    /** The value (an atomic read). */
    long get();

    /** Sets the value (an atomic write). */
    void set(long v);

    /** Adds {@code delta} atomically, without the lock; returns the new value. */
    long addAndGet(long delta);

    /** Adds one atomically, without the lock; returns the new value. */
    long incrementAndGet();

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    boolean compareAndSet(long expected, long update);
}
