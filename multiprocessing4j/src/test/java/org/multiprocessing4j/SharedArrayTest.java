package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SharedArray} kinds across processes. */
class SharedArrayTest extends SharedTestBase {

    @Test
    void aChildFillsAnArrayTheParentReads() {
        var squares = SharedArray.ofInts(10);
        var p = start(() -> {
            squares.getLock().acquire();
            try {
                for (int i = 0; i < squares.length(); i++) {
                    squares.set(i, i * i);
                }
            } finally {
                squares.getLock().release();
            }
        });
        joinOk(p);
        assertArrayEquals(new int[] {0, 1, 4, 9, 16, 25, 36, 49, 64, 81}, squares.toArray());
        assertArrayEquals(new int[] {4, 9}, squares.copyOfRange(2, 4));
    }

    @Test
    void bulkCopiesAndEveryKind() {
        var d = SharedArray.ofDoubles(new double[] {1.5, 2.5, 3.5});
        d.setRange(1, new double[] {-1, -2});
        assertArrayEquals(new double[] {1.5, -1, -2}, d.toArray());
        var l = SharedArray.ofLongs(new long[] {Long.MAX_VALUE, 2}, false);
        assertNull(l.getLock());
        assertEquals(Long.MAX_VALUE, l.get(0));
        assertArrayEquals(new byte[] {1, -2}, SharedArray.ofBytes(new byte[] {1, -2}).toArray());
        assertArrayEquals(new float[] {0.5f}, SharedArray.ofFloats(new float[] {0.5f}).toArray());
        assertArrayEquals(new short[] {-9, 9}, SharedArray.ofShorts(new short[] {-9, 9}).toArray());
        assertArrayEquals("héllo".toCharArray(), SharedArray.ofChars("héllo".toCharArray()).toArray());
        assertEquals(0, SharedArray.ofInts(0).length());
    }

    @Test
    void indicesAndLengthsAreChecked() {
        var a = SharedArray.ofInts(3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(3));
        assertTrue(e.getMessage().contains("index=3, length=3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.setRange(2, new int[] {1, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyOfRange(2, 1));
        var n = assertThrows(IllegalArgumentException.class, () -> SharedArray.ofInts(-2));
        assertTrue(n.getMessage().contains("length=-2"), n.getMessage());
    }
}
