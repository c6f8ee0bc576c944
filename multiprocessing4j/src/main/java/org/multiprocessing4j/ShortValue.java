package org.multiprocessing4j;

/**
 * A shared short; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofShort(short)} and its overloads, or by a manager.
 */
public non-sealed interface ShortValue extends Value {

    /** The value (an atomic read). */
    short get();

    /** Sets the value (an atomic write). */
    void set(short v);

    /** Adds {@code delta} atomically (wrapping like Java arithmetic), without the lock; returns the new value. */
    short addAndGet(short delta);

    /** Adds one atomically, without the lock; returns the new value. */
    short incrementAndGet();

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    boolean compareAndSet(short expected, short update);
}
