package org.multiprocessing4j.internal.pool;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.wire.ForySerializer;
import org.multiprocessing4j.internal.wire.JdkSerializer;
import org.multiprocessing4j.internal.wire.Serializer;

import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool's own messages ({@link ChunkCodec}) round-trip every shape a pool sends: a map's
 * chunk of simple and other items, a call (no items), a function JDK streams cannot write (it
 * goes through the process's serializer), results with and without failures, the retiring flag,
 * a worker's init record;
 * and a truncated message is refused with a clear error. The end-to-end check that a pool of
 * lambdas over simple values never builds Fory is {@code ForyOnDemandTest}.
 */
class ChunkCodecTest {

    private final Serializer fory = new ForySerializer(false);

    /** Not serialisable by JDK streams: captured by a lambda, it sends the function to Fory. */
    record Point(int x, int y) {}

    @Test
    void aMapChunkOfSimpleAndOtherItemsRoundTrips() throws Exception {
        SerializableFunction<Object, Object> fn = x -> List.of(x, x);
        var chunk = new Chunk(7, Chunk.Kind.MAP, fn, new Object[] {1, "two", null, new Point(3, 4), List.of(5L)});
        Chunk back = ChunkCodec.decodeChunk(ChunkCodec.encode(chunk, fory), fory);
        assertEquals(7, back.id());
        assertEquals(Chunk.Kind.MAP, back.kind());
        assertArrayEquals(chunk.items(), back.items());
        @SuppressWarnings("unchecked")
        var f = (SerializableFunction<Object, Object>) back.fn();
        assertEquals(List.of(9, 9), f.apply(9));
    }

    @Test
    void aCallWithAFunctionJdkStreamsCannotWriteGoesThroughTheSerializer() throws Exception {
        var captured = new Point(1, 2);
        Callable<Integer> call = (Callable<Integer> & java.io.Serializable) () -> captured.x() + captured.y();
        var chunk = new Chunk(Long.MAX_VALUE, Chunk.Kind.CALL, call, null);
        byte[] encoded = ChunkCodec.encode(chunk, fory);
        assertEquals(Long.MAX_VALUE, ChunkCodec.chunkId(encoded));
        Chunk back = ChunkCodec.decodeChunk(encoded, fory);
        assertEquals(Chunk.Kind.CALL, back.kind());
        assertNull(back.items());
        assertEquals(3, ((Callable<?>) back.fn()).call());
        // and a second time, the same way
        assertEquals(3, ((Callable<?>) ChunkCodec.decodeChunk(ChunkCodec.encode(chunk, fory), fory).fn()).call());
    }

    @Test
    void resultsKeepTheirValuesFailuresAndRetiringFlag() {
        var plain = new ChunkResult(3, new Object[] {1L, "x", new Point(5, 6)}, null, false);
        ChunkResult back = ChunkCodec.decodeResult(ChunkCodec.encode(plain, fory), fory);
        assertEquals(3, back.chunkId());
        assertArrayEquals(plain.values(), back.values());
        assertNull(back.failures());
        assertFalse(back.retiring());

        var failed = new ChunkResult(4, new Object[] {null, 2}, new Throwable[] {new IllegalStateException("bad item"), null}, true);
        back = ChunkCodec.decodeResult(ChunkCodec.encode(failed, fory), fory);
        assertArrayEquals(new Object[] {null, 2}, back.values());
        assertEquals(IllegalStateException.class, back.failures()[0].getClass());
        assertEquals("bad item", back.failures()[0].getMessage());
        assertNull(back.failures()[1]);
        assertTrue(back.retiring());
    }

    @Test
    void theJdkSerializerAloneWritesThemToo() {
        Serializer jdk = new JdkSerializer();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        var chunk = new Chunk(1, Chunk.Kind.MAP, square, new Object[] {2, 3});
        @SuppressWarnings("unchecked")
        var fn = (SerializableFunction<Integer, Integer>) ChunkCodec.decodeChunk(ChunkCodec.encode(chunk, jdk), jdk).fn();
        assertEquals(9, fn.apply(3));
        var r = new ChunkResult(1, new Object[] {4, 9}, null, true);
        assertArrayEquals(r.values(), ChunkCodec.decodeResult(ChunkCodec.encode(r, jdk), jdk).values());
    }

    @Test
    void theKindOfAnEncodedChunkIsReadableAlone() {
        var call = new Chunk(1, Chunk.Kind.CALL, (SerializableCallable<Integer>) () -> 1, null);
        var map = new Chunk(2, Chunk.Kind.MAP, (SerializableFunction<Integer, Integer>) x -> x, new Object[] {1});
        assertEquals(Chunk.Kind.CALL, ChunkCodec.kind(ChunkCodec.encode(call, new JdkSerializer())));
        assertEquals(Chunk.Kind.MAP, ChunkCodec.kind(ChunkCodec.encode(map, new JdkSerializer())));
        assertNull(ChunkCodec.kind(new byte[8]));
    }

    @Test
    void aTruncatedMessageIsRefusedWithWhatWasWrong() {
        var chunk = new Chunk(1, Chunk.Kind.MAP, (SerializableFunction<Integer, Integer>) x -> x, new Object[] {1});
        byte[] encoded = ChunkCodec.encode(chunk, fory);
        var e = assertThrows(SerializationException.class,
                () -> ChunkCodec.decodeChunk(java.util.Arrays.copyOf(encoded, 20), fory));
        assertTrue(e.getMessage().contains("corrupt pool message"), e.getMessage());
        e = assertThrows(SerializationException.class, () -> ChunkCodec.decodeResult(new byte[5], fory));
        assertTrue(e.getMessage().contains("shorter than its 13-byte header"), e.getMessage());
    }

    @Test
    void aWorkersInitRecordRoundTripsWithAndWithoutAnInitializer() {
        var none = ChunkCodec.decodeInit(ChunkCodec.encodeInit(new WorkerProtocol.Init(null, 0, 1L << 40, true)));
        assertNull(none.initializer());
        assertEquals(0, none.maxTasks());
        assertEquals(1L << 40, none.memoryLimit());
        assertTrue(none.timeouts());

        String key = "mp4j.chunkcodec.init";
        SerializableRunnable init = () -> System.setProperty(key, "ran");
        var back = ChunkCodec.decodeInit(ChunkCodec.encodeInit(new WorkerProtocol.Init(init, 7, 0, false)));
        assertEquals(7, back.maxTasks());
        assertFalse(back.timeouts());
        back.initializer().run();
        assertEquals("ran", System.getProperty(key));
        System.clearProperty(key);

        var e = assertThrows(SerializationException.class, () -> ChunkCodec.decodeInit(new byte[5]));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }
}
