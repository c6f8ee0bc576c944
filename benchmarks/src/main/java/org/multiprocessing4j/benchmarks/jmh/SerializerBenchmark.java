package org.multiprocessing4j.benchmarks.jmh;

import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;

/**
 * Round trips through the serializers (DESIGN.md §6): a small record and a capturing lambda.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SerializerBenchmark {

    /** A small message, as queues and pipes carry them. */
    public record Point(int x, int y, String label) implements Serializable {}

    @Param({"fory", "jdk"})
    public String serializer;

    private Serializer codec;
    private Point point;
    private SerializableRunnable lambda;

    @Setup
    public void setUp() {
        codec = Serializers.byName(serializer, true);
        point = new Point(3, 4, "p");
        int captured = 42;
        lambda = () -> Integer.toString(captured);
    }

    @Benchmark
    public Object recordRoundTrip() {
        return codec.decode(codec.encode(point));
    }

    @Benchmark
    public Object lambdaRoundTrip() {
        return codec.decode(codec.encode(lambda));
    }

}
