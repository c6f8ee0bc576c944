package org.multiprocessing4j.benchmarks.jmh;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code Process.start()} + {@code join()} of an empty target, per start method. For
 * {@code "warm"} each invocation first waits, untimed, for a booted spare (what the start
 * method promises when processes are not started faster than spares boot).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ProcessStartBenchmark {

    @Param({"warm", "spawn", "thread"})
    public String method;

    private Context context;

    @Setup
    public void setUp() {
        context = Multiprocessing.getContext(method);
    }

    @Setup(Level.Invocation)
    public void awaitSpare() throws InterruptedException {
        if (method.equals("warm")) {
            while (WarmSpares.ready() == 0) {
                Thread.sleep(2);
            }
        }
    }

    @Benchmark
    public Integer startAndJoin() {
        var p = context.process(() -> { });
        p.start();
        p.join();
        return p.exitCode();
    }

    @TearDown
    public void tearDown() {
        WarmSpares.shutdown();
    }
}
