package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both serializers round-trip the same values and name the class at fault when they cannot. */
class SerializersTest {

    record Point(int x, int y) implements java.io.Serializable {}

    static final List<Serializer> BOTH = List.of(new ForySerializer(false), new JdkSerializer());

    @Test
    void roundTripsValuesAndSerialisableLambdas() {
        for (Serializer s : BOTH) {
            Object value = Map.of("points", List.of(new Point(1, 2), new Point(3, 4)), "n", 42L);
            assertEquals(value, s.decode(s.encode(value)), s.name());
            assertEquals(null, s.decode(s.encode(null)), s.name());
            int captured = 7;
            SerializableRunnable r = () -> assertEquals(7, captured);
            ((Runnable) s.decode(s.encode(r))).run();
        }
    }

    @Test
    void aNonSerialisableLambdaIsRefusedNamingItsClass() {
        Runnable plain = () -> { };
        SerializableRunnable wrapper = plain::run;
        for (Serializer s : BOTH) {
            var e = assertThrows(SerializationException.class, () -> s.encode(wrapper), s.name());
            assertTrue(e.offendingClass() != null && e.offendingClass().contains("SerializersTest$$Lambda"),
                    s.name() + ": " + e.offendingClass() + " / " + e.getMessage());
        }
    }

    @Test
    void theProcessPayloadFallsBackFromJdkToTheConfiguredSerializer() {
        var serialisable = List.of(1, 2, 3);
        byte[] a = ProcessPayload.encode(serialisable);
        assertEquals('J', a[0]);
        assertEquals(serialisable, ProcessPayload.decode(a));
        var plain = new Object[] {new StringBuilder("sb"), new Plain(5)};
        byte[] b = ProcessPayload.encode(plain);
        assertEquals('C', b[0], "JDK serialisation refuses Plain, Fory carries it");
        assertEquals(5, ((Plain) ((Object[]) ProcessPayload.decode(b))[1]).v);
    }

    static final class Plain {
        final int v;

        Plain(int v) {
            this.v = v;
        }
    }

    @Test
    void anUnknownSerializerNameIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Serializers.byName("kryo", false));
        assertTrue(e.getMessage().contains("multiprocessing4j.serializer=kryo"), e.getMessage());
    }
}
