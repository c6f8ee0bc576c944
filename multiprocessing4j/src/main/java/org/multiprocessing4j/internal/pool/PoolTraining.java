package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;

/**
 * A pool worker's message path: chunks of a map and of a call, their function serialised,
 * decoded, run and answered as a worker does ({@link ChunkCodec}, {@link ChunkRunner}). The AOT
 * cache's training run ({@code AotTraining}) repeats it, so that a worker started with the cache
 * finds those classes loaded and linked, and their profiles, before its first task; a worker runs
 * it once before it says it is ready. It also decodes a worker's target once (the lambda of
 * {@link WorkerMain#target}).
 */
public final class PoolTraining {

    private PoolTraining() {}

    public static void run(int rounds) {
        // a worker's own target, as its JVM decodes it before it connects
        ProcessPayload.decode(ProcessPayload.encode(WorkerMain.target("training", 0)));
        Serializer serializer = Serializers.get();
        var runner = new ChunkRunner();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        SerializableCallable<String> call = () -> "done";
        for (int i = 0; i < rounds; i++) {
            var map = new Chunk(2L * i, Chunk.Kind.MAP, square, new Object[] {i, i + 1, i + 2});
            answer(runner, ChunkCodec.decodeChunk(ChunkCodec.encode(map, serializer), serializer), serializer);
            var single = new Chunk(2L * i + 1, Chunk.Kind.CALL, call, null);
            answer(runner, ChunkCodec.decodeChunk(ChunkCodec.encode(single, serializer), serializer), serializer);
        }
    }

    private static void answer(ChunkRunner runner, Chunk chunk, Serializer serializer) {
        ChunkResult result = runner.run(chunk, false);
        ChunkCodec.decodeResult(WorkerMain.encodeResult(serializer, result), serializer);
    }
}
