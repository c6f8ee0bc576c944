package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableFunction;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The multiprocessing4j side of the shared workload set ({@code ../shared/bench/WORKLOADS.md}):
 * prints {@code name<TAB>figure<TAB>unit} lines that join with those of
 * {@code cpython_baseline.py} on the name. Workloads join this runner as their features land.
 */
public final class WorkloadRunner {

    private WorkloadRunner() {}

    public static void main(String[] args) {
        String method = args.length > 0 ? args[0] : Multiprocessing.getStartMethod();
        System.out.println("# multiprocessing4j, Java " + Runtime.version() + ", start method " + method);
        spawnJoin(method);
        poolWorkloads(method);
    }

    /**
     * pool_map_small_tasks_per_s: {@code Pool(2).map(x -> x*x, 0..199999)}, default chunksize,
     * after a warm-up map; pool_apply_roundtrip_us: 2000 sequential {@code applyAsync(square).get()}.
     */
    static void poolWorkloads(String method) {
        SerializableFunction<Integer, Integer> square = x -> x * x;
        try (var pool = Pool.builder().processes(2).startMethod(method).build()) {
            pool.map(square, IntStream.range(0, 1000).boxed().toList());
            List<Integer> input = IntStream.range(0, 200_000).boxed().toList();
            pool.map(square, input); // a second warm-up lets the JIT of both sides settle
            long t = System.nanoTime();
            List<Integer> out = pool.map(square, input);
            double seconds = (System.nanoTime() - t) / 1e9;
            if (out.get(199_999) != 199_999 * 199_999) {
                throw new AssertionError("wrong result " + out.get(199_999));
            }
            report("pool_map_small_tasks_per_s", input.size() / seconds, "tasks/s");

            int n = 2000;
            for (int i = 0; i < 200; i++) {
                int x = i;
                pool.applyAsync(() -> x * x).get(null);
            }
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int x = i;
                pool.applyAsync(() -> x * x).get(null);
            }
            report("pool_apply_roundtrip_us", (System.nanoTime() - t) / 1e3 / n, "us");
        }
    }

    /** spawn_join_ms: start + join of a process whose target does nothing, 20 times, mean. */
    static void spawnJoin(String method) {
        var ctx = Multiprocessing.getContext(method);
        var warm = ctx.process(() -> { });
        warm.start();
        warm.join();
        int n = 20;
        long[] each = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            var p = ctx.process(() -> { });
            p.start();
            p.join();
            each[i] = System.nanoTime() - t;
        }
        double meanMs = (System.nanoTime() - start) / 1e6 / n;
        Arrays.sort(each);
        report("spawn_join_ms", meanMs, "ms/process");
        System.out.println(String.format(Locale.ROOT, "# spawn_join_ms median %.1f, min %.1f, max %.1f",
                each[n / 2] / 1e6, each[0] / 1e6, each[n - 1] / 1e6));
    }

    static void report(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s\t%.3f\t%s", name, value, unit));
    }
}
