package org.multiprocessing4j;

/**
 * A shared float; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofFloat(float)} and its overloads, or by a manager.
 */
public non-sealed interface FloatValue extends Value {

    /** The value (an atomic read). */
    float get();

    /** Sets the value (an atomic write). */
    void set(float v);
}
