package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.ByteArray;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.FloatArray;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.ShortArray;
import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.SharedArrayContract;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SharedArrayOnRedisTest extends SharedArrayContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }

    /** The element types the contract does not cover (it has int), here and in one child. */
    @Test
    void everyTypeOfArrayWorksHereAndInAChild() {
        RedisContext ctx = ((RedisBackend) backend).ctx();
        LongArray l = ctx.longArray(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, true);
        ShortArray s = ctx.shortArray(new short[] {Short.MIN_VALUE, 2}, false);
        ByteArray b = ctx.byteArray(new byte[] {-128, 127}, false);
        CharArray c = ctx.charArray("h\u00e9llo".toCharArray(), false);
        FloatArray f = ctx.floatArray(new float[] {0.1f, Float.NaN}, false);
        DoubleArray d = ctx.doubleArray(new double[] {1e-300, Double.NEGATIVE_INFINITY}, false);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, l.toArray());
        assertEquals(Long.MAX_VALUE, l.get(2));
        l.set(1, (1L << 60) + 1);
        assertArrayEquals(new long[] {(1L << 60) + 1, Long.MAX_VALUE}, l.copyOfRange(1, 3), "exact beyond a double's 53 bits");
        assertEquals(Short.MIN_VALUE, s.get(0));
        b.setRange(0, new byte[] {5, 6});
        assertArrayEquals(new byte[] {5, 6}, b.toArray());
        assertEquals("h\u00e9llo", new String(c.toArray()));
        c.set(0, 'H');
        assertArrayEquals("Hé".toCharArray(), c.copyOfRange(0, 2));
        assertEquals(0.1f, f.get(0));
        assertEquals(Float.NaN, f.get(1));
        assertArrayEquals(new double[] {1e-300, Double.NEGATIVE_INFINITY}, d.toArray());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> d.get(2));
        assertEquals("index out of range: index=2, length=2", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> c.setRange(4, new char[] {'a', 'b'}));
        assertEquals("Hello".replace('e', '\u00e9'), new String(c.toArray()), "a refused change changes nothing");
        assertNotNull(l.getLock());
        assertNull(s.getLock(), "made without a lock");
        assertEquals(5, c.length());

        inChild(() -> { // each travels as a handle and attaches to the same key
            String seen = Arrays.toString(l.toArray()) + Arrays.toString(s.toArray()) + Arrays.toString(b.toArray())
                    + new String(c.toArray()) + Arrays.toString(f.toArray()) + Arrays.toString(d.toArray());
            String expected = "[-9223372036854775808, 1152921504606846977, 9223372036854775807][-32768, 2][5, 6]H\u00e9llo"
                    + "[0.1, NaN][1.0E-300, -Infinity]";
            if (!seen.equals(expected)) {
                throw new AssertionError("the child read " + seen + ", not " + expected);
            }
            l.set(0, -1);
            s.setRange(0, new short[] {3, 4});
            b.set(1, (byte) -1);
            c.setRange(1, "ola".toCharArray());
            f.set(1, -0.0f);
            d.setRange(0, new double[] {Double.MIN_VALUE, 2});
        });
        assertEquals(-1, l.get(0));
        assertArrayEquals(new short[] {3, 4}, s.toArray());
        assertArrayEquals(new byte[] {5, -1}, b.toArray());
        assertEquals("Holao", new String(c.toArray()));
        assertArrayEquals(new float[] {0.1f, -0.0f}, f.toArray());
        assertArrayEquals(new double[] {Double.MIN_VALUE, 2}, d.toArray());
    }
}
