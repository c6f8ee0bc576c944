package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LambdaCodecTest {

    @Test
    void aCapturingLambdaTravelsInTheCompactFormWithItsCapturedValues() throws Exception {
        int x = 7;
        String s = "é-\uD800"; // a non-Latin-1 string with an unpaired surrogate
        SerializableCallable<String> fn = () -> s + x;
        byte[] b = ProcessPayload.encode(fn);
        assertEquals('L', b[0]);
        @SuppressWarnings("unchecked")
        var back = (SerializableCallable<String>) ProcessPayload.decode(b);
        assertEquals(s + 7, back.call());
    }

    @Test
    void nonCapturingLambdasAndMethodReferencesRoundTrip() {
        SerializableFunction<Integer, Integer> square = v -> v * v;
        SerializableBiFunction<String, String, String> concat = String::concat;
        var prefix = "p-";
        SerializableFunction<String, String> bound = prefix::concat; // captures its receiver
        assertEquals(9, decoded(square).apply(3));
        assertEquals("ab", decoded(concat).apply("a", "b"));
        assertEquals("p-q", decoded(bound).apply("q"));
    }

    @Test
    void aValueCapturedByTheSameLambdaObjectTravelsAsItIsAtEachEncoding() {
        var list = new ArrayList<Integer>(List.of(1));
        SerializableCallable<Integer> size = list::size;
        byte[] first = ProcessPayload.encode(size);
        list.add(2);
        byte[] second = ProcessPayload.encode(size);
        assertEquals(1, callDecoded(first));
        assertEquals(2, callDecoded(second), "nothing is cached per function object");
    }

    @Test
    void capturedValuesArriveAsCopies() throws Exception {
        var list = new ArrayList<>(List.of("a"));
        SerializableCallable<List<String>> fn = () -> list;
        @SuppressWarnings("unchecked")
        var back = (SerializableCallable<List<String>>) ProcessPayload.decode(ProcessPayload.encode(fn));
        assertEquals(list, back.call());
        assertNotSame(list, back.call());
    }

    @Test
    void aLambdaCapturingSomethingJdkSerialisationRefusesFallsBackToTheConfiguredSerializer() {
        var plain = new SerializersTest.Plain(4);
        SerializableCallable<Integer> fn = () -> plain.v;
        byte[] b = ProcessPayload.encode(fn);
        assertEquals('C', b[0]);
        assertEquals(4, callDecoded(b));
    }

    @Test
    void objectsThatAreNotLambdasHaveNoCompactForm() {
        assertNull(LambdaCodec.encode(List.of(1), 0));
        assertNull(LambdaCodec.encode(new Object(), 0));
        assertEquals('J', ProcessPayload.encode(List.of(1))[0]);
    }

    @Test
    void aTruncatedPayloadIsRefused() {
        int x = 3;
        SerializableCallable<Integer> fn = () -> x;
        byte[] b = LambdaCodec.encode(fn, 0);
        assertThrows(org.multiprocessing4j.SerializationException.class,
                () -> LambdaCodec.decode(java.util.Arrays.copyOf(b, 3), 0));
        byte[] lying = b.clone();
        Bytes.putInt(lying, 0, b.length);
        assertThrows(org.multiprocessing4j.SerializationException.class, () -> LambdaCodec.decode(lying, 0));
    }

    @SuppressWarnings("unchecked")
    private static <F> F decoded(F fn) {
        byte[] b = ProcessPayload.encode(fn);
        assertEquals('L', b[0]);
        return (F) ProcessPayload.decode(b);
    }

    private static Object callDecoded(byte[] b) {
        try {
            return ((SerializableCallable<?>) ProcessPayload.decode(b)).call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
