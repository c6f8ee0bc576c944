package org.multiprocessing4j;

/**
 * A fixed-length shared array of bytes; see {@link SharedArray} for the semantics common to every
 * kind. Made by {@link SharedArray#ofBytes(int)} and its overloads, or by a manager.
 */
public non-sealed interface ByteArray extends SharedArray {

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    byte get(int index);

    /**
     * Sets the element at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming index and length
     */
    void set(int index, byte value);

    /** A copy of the whole array. */
    byte[] toArray();

    /**
     * A copy of the elements {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    byte[] copyOfRange(int from, int to);

    /**
     * Copies {@code values} into the array starting at {@code from}.
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    void setRange(int from, byte[] values);
}
