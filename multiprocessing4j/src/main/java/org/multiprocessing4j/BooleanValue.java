package org.multiprocessing4j;

/**
 * A shared boolean; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofBoolean(boolean)} and its overloads, or by a manager.
 */
public non-sealed interface BooleanValue extends Value {

    /** The value (an atomic read). */
    boolean get();

    /** Sets the value (an atomic write). */
    void set(boolean v);
}
