package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SerializationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simple values bypass the serializer, come back equal and of the same class, and never confuse the decoder. */
class SimpleCodecTest {

    static final List<Object> SIMPLE = List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, 42L,
            -0.0d, Double.NaN, Double.MAX_VALUE, 1.5f, Float.NEGATIVE_INFINITY, (short) -7, (byte) 0x7F, 'x', '\uD800',
            true, false, "", "plain ascii", "Latin-1: déjà vu ÿ", "beyond Latin-1: Ωμέγα 😀", "unpaired \uDC00 surrogate",
            "x".repeat(100_000));

    @Test
    void simpleValuesRoundTripInBothSerializersWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            for (Object v : SIMPLE) {
                Object back = s.decode(s.encode(v));
                assertEquals(v, back, s.name());
                assertEquals(v.getClass(), back.getClass(), s.name() + " " + v);
            }
            assertEquals(null, s.decode(s.encode(null)));
        }
        assertFalse(fory.built(), "simple values alone never build Fory");
        var list = new ArrayList<>(List.of(1, "two"));
        assertEquals(list, fory.decode(fory.encode(list)));
        assertTrue(fory.built());
    }

    @Test
    void arraysOfSimpleValuesRoundTripWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        Object[] values = {null, 0, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN, 2.5f, (short) 3, (byte) -4, 'c',
                true, false, "", "héllo ✓", "Ωμέγα 😀 \uDC00", "x".repeat(4096)};
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            Object back = s.decode(s.encode(values));
            assertEquals(Object[].class, back.getClass(), s.name());
            assertArrayEquals(values, (Object[]) back, s.name());
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i] == null ? null : values[i].getClass(),
                        ((Object[]) back)[i] == null ? null : ((Object[]) back)[i].getClass(), s.name() + " element " + i);
            }
            assertArrayEquals(new Object[0], (Object[]) s.decode(s.encode(new Object[0])), s.name());
        }
        assertFalse(fory.built(), "arrays of simple values alone never build Fory");
    }

    @Test
    void arraysWithOtherValuesAreLeftToTheSerializer() {
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {1, List.of(1)}));
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {"x".repeat(4097)}));
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {new Object[] {1}}));
        assertEquals(null, SimpleCodec.encodeSimple(new String[] {"typed arrays keep their class"}));
        var fory = new ForySerializer(false);
        Object[] mixed = {1, List.of(2), "three"};
        assertArrayEquals(mixed, (Object[]) fory.decode(fory.encode(mixed)));
        String[] typed = {"a", "b"};
        assertArrayEquals(typed, (String[]) fory.decode(fory.encode(typed)));
    }

    @Test
    void theTwoFormatsNeverStartWithAReservedByte() {
        // Decoding tells simple values from the serializer's own encodings by the first byte.
        for (Serializer s : List.of(new ForySerializer(false), new JdkSerializer())) {
            for (Object v : List.of(List.of(1), new int[] {1}, new byte[] {0x70}, new StringBuilder("sb"))) {
                byte b = s.encode(v)[0];
                assertTrue((b & 0xF0) != 0x70, s.name() + " starts " + v.getClass() + " with 0x" + Integer.toHexString(b & 0xFF));
            }
        }
    }

    @Test
    void aFormatThatStartsWithAReservedByteIsEscaped() {
        byte[] own = {0x71, 1, 2, 3};
        byte[] encoded = SimpleCodec.encode(new Object(), v -> own);
        assertEquals(own.length + 1, encoded.length);
        Object back = SimpleCodec.decode(encoded, bytes -> bytes);
        assertArrayEquals(own, (byte[]) back);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) SimpleCodec.decode(new byte[] {1, 2}, bytes -> bytes));
    }

    @Test
    void corruptSimpleValuesAreRefusedClearly() {
        byte[] good = SimpleCodec.encode(12345, v -> null);
        byte[] array = SimpleCodec.encodeSimple(new Object[] {"abc", 7});
        byte[] longString = array.clone();
        longString[9] = 127; // the string's length beyond the message
        byte[] hugeCount = array.clone();
        hugeCount[1] = 127;
        for (byte[] bad : List.of(Arrays.copyOf(good, 3), Arrays.copyOf(good, 7), new byte[] {0x7C}, new byte[] {0x7B, 0x00, 0x41, 0x00},
                new byte[] {0x7D}, longString, hugeCount, Arrays.copyOf(array, array.length - 1), Arrays.copyOf(array, array.length + 1))) {
            var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(bad, bytes -> "not simple"));
            assertTrue(e.getMessage().contains("corrupt simple value"), e.getMessage());
        }
    }

    @Test
    void valuesEncodedBehindAHeaderDecodeFromTheirOffsetInEveryFormat() {
        // room: free bytes in front for the caller's header; offset: where decoding starts
        byte[] own = {0x72, 9, 8};
        Object[] simpleArray = {1, "two", 3.0};
        for (Serializer s : List.of(new ForySerializer(false), new JdkSerializer())) {
            for (Object v : List.of(7, "héllo ✓", List.of(1, 2), (Object) simpleArray)) {
                for (int room : new int[] {0, 1, 14}) {
                    byte[] plain = s.encode(v);
                    byte[] behind = s.encode(v, room);
                    assertEquals(plain.length + room, behind.length, s.name() + " " + v + " room " + room);
                    assertArrayEquals(plain, Arrays.copyOfRange(behind, room, behind.length), s.name() + " " + v);
                    Arrays.fill(behind, 0, room, (byte) 0x7A); // a header whose bytes look like tags
                    Object back = s.decode(behind, room);
                    if (v instanceof Object[] a) {
                        assertArrayEquals(a, (Object[]) back, s.name());
                    } else {
                        assertEquals(v, back, s.name());
                    }
                }
            }
        }
        byte[] escaped = SimpleCodec.encode(new Object(), 3, v -> own);
        assertEquals(3 + 1 + own.length, escaped.length);
        assertArrayEquals(own, (byte[]) SimpleCodec.decode(escaped, 3, bytes -> bytes));
        var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(new byte[2], 3, bytes -> bytes));
        assertTrue(e.getMessage().contains("ends inside its 3-byte header"), e.getMessage());
    }

    @Test
    void bigEndianNumbersByHandMatchByteBuffer() {
        var buffer = java.nio.ByteBuffer.allocate(16);
        byte[] b = new byte[16];
        for (long v : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L, 0x80FF00FF7F00807FL}) {
            buffer.clear();
            buffer.putShort(1, (short) v).putInt(3, (int) v).putLong(7, v);
            Bytes.putShort(b, 1, (short) v);
            Bytes.putInt(b, 3, (int) v);
            Bytes.putLong(b, 7, v);
            assertArrayEquals(buffer.array(), b, Long.toHexString(v));
            assertEquals((short) v, Bytes.getShort(b, 1));
            assertEquals((int) v, Bytes.getInt(b, 3));
            assertEquals(v, Bytes.getLong(b, 7));
        }
    }
}
