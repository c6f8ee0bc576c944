package org.multiprocessing4j;

/**
 * A shared byte; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofByte(byte)} and its overloads, or by a manager.
 */
public non-sealed interface ByteValue extends Value {

    /** The value (an atomic read). */
    byte get();

    /** Sets the value (an atomic write). */
    void set(byte v);

    /** Adds {@code delta} atomically (wrapping like Java arithmetic), without the lock; returns the new value. */
    byte addAndGet(byte delta);

    /** Adds one atomically, without the lock; returns the new value. */
    byte incrementAndGet();

    /** Sets {@code update} if the value is {@code expected}, atomically, without the lock. */
    boolean compareAndSet(byte expected, byte update);
}
