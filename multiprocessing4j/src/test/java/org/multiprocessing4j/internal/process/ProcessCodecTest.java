package org.multiprocessing4j.internal.process;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.wire.ProcessPayload;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process payload: a plain process of a lambda as its parts, anything else as before. */
class ProcessCodecTest {

    static final class Named extends Process {
        final String extra = "a field of its own";

        @Override
        public void run() {
        }
    }

    @Test
    void aPlainProcessOfALambdaTravelsAsItsPartsAndArrivesWithThem() {
        String captured = "captured é";
        SerializableRunnable target = () -> System.setProperty("mp4j.codec.test", captured);
        Process p = Access.process().detached("näme-7", target);
        byte[] payload = ProcessCodec.encode(p);
        assertEquals(ProcessPayload.OWNER_FORM, payload[0]);

        Process arrived = (Process) ProcessCodec.decode(payload);
        assertEquals("näme-7", arrived.getName());
        Access.process().becomeChild(arrived, new byte[] {1});
        assertEquals(0, Access.process().bootstrap(arrived));
        assertEquals(captured, System.getProperty("mp4j.codec.test"), "the target ran with its captured value");
        System.clearProperty("mp4j.codec.test");
    }

    @Test
    void aSubclassGoesThroughJdkSerialisationWithItsFields() {
        byte[] payload = ProcessCodec.encode(new Named());
        assertNotEquals(ProcessPayload.OWNER_FORM, payload[0]);
        assertEquals("a field of its own", ((Named) ProcessCodec.decode(payload)).extra);
    }

    @Test
    void aPayloadCutShortOrWithAWrongLengthIsRefusedAsCorrupt() {
        byte[] payload = ProcessCodec.encode(Access.process().detached("p", () -> { }));
        for (int cut : new int[] {1, 3, 8}) {
            var e = assertThrows(SerializationException.class, () -> ProcessCodec.decode(Arrays.copyOf(payload, cut)));
            assertTrue(e.getMessage().startsWith("corrupt process payload"), e.getMessage());
        }
        byte[] huge = payload.clone();
        huge[1] = 0x7f; // a name length beyond the payload
        var e = assertThrows(SerializationException.class, () -> ProcessCodec.decode(huge));
        assertTrue(e.getMessage().contains("announces"), e.getMessage());
        var generic = assertThrows(SerializationException.class, () -> ProcessPayload.decode(payload));
        assertTrue(generic.getMessage().contains("owner's form"), generic.getMessage());
    }

    @Test
    void thePayloadSaysWhetherItsDecodingReadsAnObjectStream() {
        int number = 2;
        String text = "t";
        SerializableRunnable simple = () -> System.out.println(text + number);
        assertFalse(ProcessCodec.needsObjectStream(ProcessCodec.encode(Access.process().detached("s", simple))),
                "numbers and strings are written without a stream");
        var list = new java.util.ArrayList<>(java.util.List.of("a"));
        SerializableRunnable capturesList = () -> System.out.println(list);
        assertFalse(ProcessCodec.needsObjectStream(ProcessCodec.encode(Access.process().detached("l", capturesList))),
                "a list of strings is written without a stream");
        var big = new java.util.ArrayList<>(java.util.List.of(java.util.Locale.CANADA));
        SerializableRunnable captures = () -> System.out.println(big);
        byte[] withList = ProcessCodec.encode(Access.process().detached("n", captures));
        assertEquals(ProcessPayload.OWNER_FORM, withList[0]);
        assertTrue(ProcessCodec.needsObjectStream(withList), "a list of another class goes in an object stream");
        assertTrue(ProcessCodec.needsObjectStream(ProcessCodec.encode(new Named())), "a subclass goes whole in a stream");
        assertFalse(ProcessCodec.needsObjectStream(Arrays.copyOf(withList, 3)), "corrupt: decode says so");
    }
}
