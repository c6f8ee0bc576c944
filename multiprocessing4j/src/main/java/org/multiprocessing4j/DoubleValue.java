package org.multiprocessing4j;

/**
 * A shared double; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofDouble(double)} and its overloads, or by a manager.
 */
public non-sealed interface DoubleValue extends Value {

    /** The value (an atomic read). */
    double get();

    /** Sets the value (an atomic write). */
    void set(double v);
}
