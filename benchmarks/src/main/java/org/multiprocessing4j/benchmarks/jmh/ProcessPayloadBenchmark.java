package org.multiprocessing4j.benchmarks.jmh;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The one decode a child does at start-up: its {@code Process}, JDK-serialised whatever the
 * serializer when it can be (see ProcessPayload), here with a capturing lambda as target.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ProcessPayloadBenchmark {

    private byte[] payload;

    @Setup
    public void setUp() {
        int captured = 42;
        SerializableRunnable target = () -> Integer.toString(captured);
        payload = ProcessPayload.encode(new Process(target));
    }

    @Benchmark
    public Object encode() {
        int captured = 7;
        SerializableRunnable target = () -> Integer.toString(captured);
        return ProcessPayload.encode(new Process(target));
    }

    @Benchmark
    public Object decode() {
        return ProcessPayload.decode(payload);
    }
}
