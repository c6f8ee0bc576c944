package org.multiprocessing4j.managers;

import java.util.NoSuchElementException;

/**
 * A bag of named attributes held by a manager (CPython's {@code manager.Namespace()}): every
 * process with a proxy sees the same attributes. Values are copies: a value fetched with
 * {@link #get} and then mutated does not change the namespace until it is {@link #set} again
 * (the same caveat as CPython's). {@code toString()} lists the attributes, as
 * {@code Namespace(a=1, b='x')} does in Python.
 *
 * <p>Thread-safe and process-safe: each call is atomic on the manager.
 */
public interface Namespace {

    /**
     * The value of attribute {@code name}.
     *
     * @throws NoSuchElementException if the namespace has no such attribute
     */
    Object get(String name);

    /** Sets attribute {@code name} (null is a legal value). */
    void set(String name, Object value);

    /** Whether attribute {@code name} exists. */
    boolean has(String name);

    /**
     * Removes attribute {@code name}.
     *
     * @throws NoSuchElementException if the namespace has no such attribute
     */
    void delete(String name);
}
