package org.multiprocessing4j;

/**
 * A fixed-length shared array of chars; see {@link SharedArray} for the semantics common to every
 * kind. Made by {@link SharedArray#ofChars(int)} and its overloads, or by a manager.
 */
public non-sealed interface CharArray extends SharedArray {

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    char get(int index);

    /**
     * Sets the element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    void set(int index, char value);

    /** A copy of the whole array. */
    char[] toArray();

    /**
     * A copy of the elements {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    char[] copyOfRange(int from, int to);

    /**
     * Copies {@code values} into the array starting at {@code from}.
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    void setRange(int from, char[] values);
}
