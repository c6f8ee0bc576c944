package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Lock;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared-memory lock core in one JVM, beside {@link ReentrantLock}: uncontended acquire +
 * release, the locked increment of a {@link Value}, and two threads contending (the same code
 * path as two processes, without the JIT warm-up of fresh child JVMs). Run with the JMH runner:
 * {@code java --enable-native-access=ALL-UNNAMED -cp <benchmarks classpath> org.openjdk.jmh.Main LockBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class LockBenchmark {

    Lock lock;
    RLock rLock;
    LongValue value;
    ReentrantLock juc;

    @Setup
    public void setUp() {
        lock = Multiprocessing.lock();
        rLock = Multiprocessing.rLock();
        value = Value.ofLong(0);
        juc = new ReentrantLock();
    }

    @Benchmark
    public void lockAcquireRelease() {
        lock.acquire();
        lock.release();
    }

    @Benchmark
    public void rLockAcquireRelease() {
        rLock.acquire();
        rLock.release();
    }

    @Benchmark
    public void reentrantLockBaseline() {
        juc.lock();
        juc.unlock();
    }

    @Benchmark
    public long valueLockedIncrement() {
        var l = value.getLock();
        l.acquire();
        try {
            long v = value.get() + 1;
            value.set(v);
            return v;
        } finally {
            l.release();
        }
    }

    @Benchmark
    public long valueAtomicIncrement() {
        return value.incrementAndGet();
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(2)
    public long contendedLockedIncrement() {
        return valueLockedIncrement();
    }
}
