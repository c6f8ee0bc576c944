package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.IntArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of the {@code SharedArray} family, on every implementation. */
public abstract class SharedArrayContract extends ContractBase {

    @Test
    void elementsRangesAndBounds() {
        IntArray a = backend.intArray(1, 2, 3, 4);
        assertEquals(4, a.length());
        assertEquals(3, a.get(2));
        a.set(0, 10);
        assertArrayEquals(new int[] {10, 2, 3, 4}, a.toArray());
        assertArrayEquals(new int[] {2, 3}, a.copyOfRange(1, 3));
        a.setRange(2, new int[] {7, 8});
        assertArrayEquals(new int[] {10, 2, 7, 8}, a.toArray());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(4));
        assertTrue(e.getMessage().contains("index=4") && e.getMessage().contains("length=4"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyOfRange(3, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.setRange(3, new int[] {1, 2}));
        assertArrayEquals(new int[] {10, 2, 7, 8}, a.toArray(), "a refused change changes nothing");
    }

    @Test
    void aChildChangesTheElements() {
        IntArray a = backend.intArray(0, 1, 2, 3, 4);
        inChild(() -> {
            for (int i = 0; i < a.length(); i++) {
                a.set(i, -a.get(i));
            }
        });
        assertArrayEquals(new int[] {0, -1, -2, -3, -4}, a.toArray());
    }
}
