package org.multiprocessing4j.managers;

import java.util.List;

/**
 * A fixed-length array held by a manager ({@code manager.Array(typecode, sequence)} in CPython).
 * Elements are copies of what was set.
 *
 * <p>Thread-safe and process-safe; each call is atomic.
 *
 * @param <T> the element type ({@code Integer}, {@code Long}, {@code Double}, ...)
 */
public interface ArrayProxy<T> {

    /** The number of elements, fixed at creation. */
    int length();

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not within {@code [0, length())}
     */
    T get(int index);

    /**
     * Sets the element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not within {@code [0, length())}
     */
    void set(int index, T value);

    /** A copy of all elements, in order. */
    List<T> toList();
}
