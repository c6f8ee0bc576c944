package org.multiprocessing4j;

/**
 * A shared int; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofInt(int)} and its overloads, or by a manager.
 */
public non-sealed interface IntValue extends Value {

    /** The value (an atomic read). */
    int get();

    /** Sets the value (an atomic write). */
    void set(int v);

    /** Adds {@code delta} atomically, without the lock; returns the new value. */
    int addAndGet(int delta);

    /** Adds one atomically, without the lock; returns the new value. */
    int incrementAndGet();

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    boolean compareAndSet(int expected, int update);
}
