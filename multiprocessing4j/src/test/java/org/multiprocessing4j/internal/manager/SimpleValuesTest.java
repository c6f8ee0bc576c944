package org.multiprocessing4j.internal.manager;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The direct encoding of simple call values: exact round trips, fallback, corrupt input refused. */
class SimpleValuesTest {

    @Test
    void simpleValuesRoundTrip() {
        Object[] values = {null, 0, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN, true, false, "", "héllo ✓",
                "x".repeat(4096)};
        assertArrayEquals(values, SimpleValues.decode(ByteBuffer.wrap(SimpleValues.encode(values))));
    }

    @Test
    void otherValuesAreLeftToTheSerializer() {
        assertNull(SimpleValues.encode(new Object[] {1, List.of(1)}));
        assertNull(SimpleValues.encode(new Object[] {"x".repeat(4097)}));
        assertNull(SimpleValues.encode(new Object[] {(short) 1}));
    }

    @Test
    void corruptInputIsRefused() {
        byte[] ok = SimpleValues.encode(new Object[] {"abc"});
        byte[] longer = Arrays.copyOf(ok, ok.length);
        longer[8] = 127; // string length beyond the message
        assertThrows(IllegalArgumentException.class, () -> SimpleValues.decode(ByteBuffer.wrap(longer)));
        assertThrows(IllegalArgumentException.class, () -> SimpleValues.decode(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 'Q'})));
        assertThrows(IllegalArgumentException.class, () -> SimpleValues.decode(ByteBuffer.wrap(new byte[] {127, 0, 0, 0})));
    }
}
