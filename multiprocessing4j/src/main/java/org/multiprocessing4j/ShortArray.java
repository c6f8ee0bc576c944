package org.multiprocessing4j;

/**
 * A fixed-length shared array of shorts; see {@link SharedArray} for the semantics common to every
 * kind. Made by {@link SharedArray#ofShorts(int)} and its overloads, or by a manager.
 */
public non-sealed interface ShortArray extends SharedArray {

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    short get(int index);

    /**
     * Sets the element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    void set(int index, short value);

    /** A copy of the whole array. */
    short[] toArray();

    /**
     * A copy of the elements {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    short[] copyOfRange(int from, int to);

    /**
     * Copies {@code values} into the array starting at {@code from}.
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    void setRange(int from, short[] values);
}
