package org.multiprocessing4j;

/**
 * A shared char; see {@link Value} for the semantics common to every kind. Made by
 * {@link Value#ofChar(char)} and its overloads, or by a manager.
 */
public non-sealed interface CharValue extends Value {

    /** The value (an atomic read). */
    char get();

    /** Sets the value (an atomic write). */
    void set(char v);
}
