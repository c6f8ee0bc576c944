package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableFunction;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The workloads of issue 19 that time a pool from its construction, worker boot included: what a
 * user who writes {@code new Pool(2)} and calls {@code map} waits for. CPython's peer of the first
 * is {@code bench/cpython_extra.py}; the primes job has none (its CPython cells show n/a).
 *
 * <ul>
 *   <li>{@code pool_cold_first_map_ms}: construction of a {@code Pool(2)} + its first {@code map}
 *       of 1 000 tiny tasks; the close after it is printed on a comment line.
 *   <li>The CPU-bound job: count the primes below {@link #PRIMES_BELOW} in {@value #CHUNKS} chunks
 *       (trial division), with {@code Pool(1)}, {@code Pool(2)} (each timed from construction to
 *       its close, worker boot included) and {@code parallelStream()} in this JVM. Figures:
 *       {@code primes_pool2_speedup} = Pool(1) time / Pool(2) time (higher is better) and
 *       {@code primes_pool2_vs_parallel_stream} = Pool(2) time / parallelStream time (lower is
 *       better); the three times are on a comment line.
 * </ul>
 */
final class PoolStartWorkloads {

    /**
     * 30 M, the job of issue 19 as a user tried it (about 7 s of CPU): a shorter one weighs the
     * workers' boot more than the job the target is set on (until 2026-12-07 08:40 the runner
     * used 12 M to save time); override with {@code -Dmp4j.bench.primes=<N>}.
     */
    static final int PRIMES_BELOW = Integer.getInteger("mp4j.bench.primes", 30_000_000);
    static final int CHUNKS = 60;

    private PoolStartWorkloads() {}

    static void poolColdFirstMap(String method) {
        SerializableFunction<Integer, Integer> square = x -> x * x;
        List<Integer> input = IntStream.range(0, 1000).boxed().toList();
        long t0 = System.nanoTime();
        var pool = Pool.builder().processes(2).startMethod(method).build();
        List<Integer> out = pool.map(square, input);
        long t1 = System.nanoTime();
        pool.close();
        long t2 = System.nanoTime();
        if (out.get(999) != 999 * 999) {
            throw new AssertionError("wrong result " + out.get(999));
        }
        WorkloadRunner.report("pool_cold_first_map_ms", (t1 - t0) / 1e6, "ms");
        System.out.println(String.format(Locale.ROOT, "# pool_cold_first_map_ms: close() after it %.1f ms", (t2 - t1) / 1e6));
    }

    static void primes(String method) {
        long expected = -1;
        long[] nanos = new long[3];
        for (int variant = 0; variant < 3; variant++) {
            long t = System.nanoTime();
            long count = variant < 2 ? withPool(method, variant + 1) : withParallelStream();
            nanos[variant] = System.nanoTime() - t;
            if (expected >= 0 && count != expected) {
                throw new AssertionError("prime counts differ: " + count + " != " + expected);
            }
            expected = count;
        }
        WorkloadRunner.report("primes_pool2_speedup", (double) nanos[0] / nanos[1], "x");
        WorkloadRunner.report("primes_pool2_vs_parallel_stream", (double) nanos[1] / nanos[2], "x");
        System.out.println(String.format(Locale.ROOT,
                "# primes below %d in %d chunks (%d primes): Pool(1) %.0f ms, Pool(2) %.0f ms, parallelStream() %.0f ms",
                PRIMES_BELOW, CHUNKS, expected, nanos[0] / 1e6, nanos[1] / 1e6, nanos[2] / 1e6));
    }

    private static long withPool(String method, int processes) {
        int n = PRIMES_BELOW;
        SerializableFunction<Integer, Long> chunk = i -> countPrimes(lo(i, n), lo(i + 1, n));
        try (var pool = Pool.builder().processes(processes).startMethod(method).build()) {
            return pool.map(chunk, IntStream.range(0, CHUNKS).boxed().toList()).stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long withParallelStream() {
        int n = PRIMES_BELOW;
        return IntStream.range(0, CHUNKS).parallel().mapToLong(i -> countPrimes(lo(i, n), lo(i + 1, n))).sum();
    }

    private static int lo(int chunk, int n) {
        return (int) ((long) n * chunk / CHUNKS);
    }

    /** The primes in [lo, hi), by trial division: the same CPU work whichever way it is run. */
    static long countPrimes(int lo, int hi) {
        long count = 0;
        for (int x = Math.max(lo, 2); x < hi; x++) {
            if (isPrime(x)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isPrime(int x) {
        if (x < 4) {
            return true; // 2 and 3
        }
        if ((x & 1) == 0) {
            return false;
        }
        for (int d = 3; (long) d * d <= x; d += 2) {
            if (x % d == 0) {
                return false;
            }
        }
        return true;
    }
}
