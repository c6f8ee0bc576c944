package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.spawn.WarmSpares;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The multiprocessing4j side of the shared workload set ({@code ../shared/bench/WORKLOADS.md}):
 * prints {@code name<TAB>figure<TAB>unit} lines that join with those of
 * {@code cpython_baseline.py} on the name. Workloads join this runner as their features land.
 *
 * <p>Arguments: the start methods to measure, one section each, introduced by a line
 * {@code # start method <name>}; none means the default start method. Lines starting with
 * {@code #} are comments for people (spread, variants).
 *
 * <p>{@code "warm"} promises a booted spare to each start; the runner therefore waits, outside
 * the timed part, until a spare is ready again before each start (as a program that does not
 * start processes faster than spares boot would see). Back-to-back starts, faster than spares
 * are refilled, are reported on a comment line.
 */
public final class WorkloadRunner {

    static final int SPAWN_JOIN_COUNT = 20;
    private static final long SPARE_WAIT_NANOS = 60_000_000_000L;

    private WorkloadRunner() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> methods = new ArrayList<>(List.of(args));
        if (methods.isEmpty()) {
            methods.add(Multiprocessing.getStartMethod());
        }
        for (String m : methods) {
            if (!Multiprocessing.getAllStartMethods().contains(m)) {
                System.err.println("unknown start method '" + m + "'; available: " + Multiprocessing.getAllStartMethods());
                System.exit(2);
            }
        }
        System.out.println("# multiprocessing4j, Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, child flags: " + childFlags());
        for (String m : methods) {
            System.out.println("# start method " + m);
            spawnJoin(m);
        }
        WarmSpares.shutdown();
    }

    /** spawn_join_ms: start + join of a process whose target does nothing, 20 times, mean. */
    static void spawnJoin(String method) throws InterruptedException {
        var ctx = Multiprocessing.getContext(method);
        boolean warm = method.equals("warm");
        startAndJoin(ctx); // the first start pays for class loading in this JVM
        long[] each = new long[SPAWN_JOIN_COUNT];
        long total = 0;
        for (int i = 0; i < SPAWN_JOIN_COUNT; i++) {
            if (warm) {
                awaitSpare();
            }
            each[i] = startAndJoin(ctx);
            total += each[i];
        }
        report("spawn_join_ms", total / 1e6 / SPAWN_JOIN_COUNT, "ms/process");
        comment("spawn_join_ms", each);
        if (warm) {
            awaitSpare();
            long[] burst = new long[SPAWN_JOIN_COUNT];
            for (int i = 0; i < SPAWN_JOIN_COUNT; i++) {
                burst[i] = startAndJoin(ctx);
            }
            comment("spawn_join_ms back-to-back (spares not waited for)", burst);
        }
    }

    private static long startAndJoin(Context ctx) {
        long t = System.nanoTime();
        var p = ctx.process(() -> { });
        p.start();
        p.join();
        long elapsed = System.nanoTime() - t;
        if (p.exitCode() != 0) {
            throw new IllegalStateException("an empty process ended with exit code " + p.exitCode());
        }
        p.close();
        return elapsed;
    }

    private static void awaitSpare() throws InterruptedException {
        long deadline = System.nanoTime() + SPARE_WAIT_NANOS;
        while (WarmSpares.ready() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no warm spare was ready after 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static String childFlags() {
        var flags = new ArrayList<String>();
        for (String p : List.of(WarmSpares.SPARES_PROPERTY, "multiprocessing4j.aot", "multiprocessing4j.child.tuning")) {
            String v = System.getProperty(p);
            if (v != null) {
                flags.add(p + "=" + v);
            }
        }
        return flags.isEmpty() ? "defaults" : String.join(" ", flags);
    }

    private static void comment(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.println(String.format(Locale.ROOT, "# %s: mean %.1f, median %.1f, min %.1f, max %.1f ms",
                what, Arrays.stream(s).average().orElse(0) / 1e6, s[s.length / 2] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6));
    }

    static void report(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s\t%.3f\t%s", name, value, unit));
    }
}
