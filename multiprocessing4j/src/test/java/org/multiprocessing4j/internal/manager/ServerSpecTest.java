package org.multiprocessing4j.internal.manager;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A manager's spec through a JDK object stream, as it reaches the manager's JVM: its registrations' classes by name. */
class ServerSpecTest {

    interface Greeter {
        String greet();
    }

    public static final class English implements Greeter {
        @Override
        public String greet() {
            return "hello";
        }
    }

    @Test
    void registrationsArriveAsTheyWereMade() throws Exception {
        Supplier<Greeter> french = (Supplier<Greeter> & Serializable) () -> () -> "bonjour";
        var spec = new ServerMain.Spec(Map.of(
                "dict", new Registration("dict", java.util.concurrent.ConcurrentMap.class, null, SyncTypes.Dict.class),
                "english", new Registration("english", Greeter.class, null, English.class),
                "french", new Registration("french", Greeter.class, french, null)),
                new byte[] {1, 2, 3}, List.of("java.lang.String"), "/tmp/a.sock", null);
        var back = (ServerMain.Spec) roundTrip(spec);
        assertEquals(spec.registry().keySet(), back.registry().keySet());
        for (String id : spec.registry().keySet()) {
            var r = spec.registry().get(id);
            var b = back.registry().get(id);
            assertEquals(r.iface(), b.iface(), id);
            assertEquals(r.implementation(), b.implementation(), id);
            assertEquals(r.supplier() == null, b.supplier() == null, id);
        }
        assertEquals("bonjour", ((Greeter) back.registry().get("french").supplier().get()).greet());
        assertArrayEquals(spec.authkey(), back.authkey());
        assertEquals(spec.allowed(), back.allowed());
        assertEquals(spec.address(), back.address());
        assertNull(back.tls());
    }

    @Test
    void noClassDescriptorOfARegisteredClassTravels() throws Exception {
        var spec = new ServerMain.Spec(Map.of("english", new Registration("english", Greeter.class, null, English.class)),
                null, List.of(), null, null);
        String stream = new String(bytes(spec), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(stream.contains(English.class.getName()), "the name travels");
        assertFalse(stream.contains(Registration.class.getName()), "no Registration, whose Class fields would travel as class descriptors");
    }

    @Test
    void aClassTheReadingJvmLacksIsNamed() throws Exception {
        byte[] written = bytes(new ServerMain.Spec(Map.of("english", new Registration("english", Greeter.class, null, English.class)),
                null, List.of(), null, null));
        String name = English.class.getName();
        // the same length, so the stream stays well formed: a class no JVM has
        String missing = name.substring(0, name.length() - 1) + "Q";
        byte[] altered = new String(written, java.nio.charset.StandardCharsets.ISO_8859_1).replace(name, missing)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var e = assertThrows(InvalidClassException.class, () -> read(altered));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("not on its JVM's class path"), e.getMessage());
    }

    private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
        return read(bytes(o));
    }

    private static byte[] bytes(Object o) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var s = new ObjectOutputStream(out)) {
            s.writeObject(o);
        }
        return out.toByteArray();
    }

    private static Object read(byte[] b) throws IOException, ClassNotFoundException {
        try (var s = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return s.readObject();
        }
    }
}
