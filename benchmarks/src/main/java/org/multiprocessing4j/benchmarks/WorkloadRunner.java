package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.spawn.WarmSpares;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * The multiprocessing4j side of the shared workload set ({@code ../shared/bench/WORKLOADS.md}):
 * prints {@code name<TAB>figure<TAB>unit} lines that join with those of
 * {@code cpython_baseline.py} on the name. Workloads join this runner as their features land.
 *
 * <p>Arguments: the start methods to measure, one section each, introduced by a line
 * {@code # start method <name>}; none means the default start method. Lines starting with
 * {@code #} are comments for people (spread, variants), except {@code # floor} lines
 * ({@link #floor}): what the JDK alone does for the same job, which bench/compare prints as floors.
 *
 * <p>Every start method's {@code spawn_join_ms} is 20 starts back-to-back, as CPython's script
 * measures it; for {@code "warm"}, the same with a wait for a spare before each start is a comment.
 */
public final class WorkloadRunner {

    static final int SPAWN_JOIN_COUNT = 20;
    private static final long SPARE_WAIT_NANOS = 60_000_000_000L;
    /** Long enough for a warm spare's JVM to be created and wait for its process. */
    private static final long SPARE_BOOT_PAUSE_MILLIS = 250;

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
            if (selected("poolcold")) {
                PoolStartWorkloads.poolColdFirstMap(m); // first, so that the parent is as cold as a new program's
            }
            if (selected("spawn")) {
                spawnJoin(m);
            }
            if (selected("pool")) {
                poolWorkloads(m);
            }
            if (selected("lock")) {
                lockUncontended(m);
            }
            if (selected("value")) {
                valueLockedIncrements(m, 0);
                valueLockedIncrements(m, 50_000);
            }
            if (selected("pipe")) {
                pipeRoundtrip(m);
            }
            if (selected("queue")) {
                queueSmallMessages(m, true);
                queueSmallMessages(m, false);
                queueMebibyteMessages(m, true);
                queueMebibyteMessages(m, false);
            }
            if (selected("manager")) {
                managerDictOps(m);
            }
            if (selected("primes")) {
                PoolStartWorkloads.primes(m);
            }
            if (selected("floor")) {
                floor("memcpy_1MiB_MB_per_s", MemcpyFloor.measure(), "MB/s",
                        "1 MiB messages copied into and out of a 16 MiB ring mapped from /dev/shm (MemorySegment.copy), one JVM");
            }
        }
        WarmSpares.shutdown();
    }

    /**
     * Which workload groups to run (comma-separated: {@code poolcold, spawn, pool, lock, value,
     * pipe, queue, manager, primes, floor}, e.g. {@code queue,pipe}); all when unset. For quick
     * measurements while developing.
     */
    public static final String ONLY_PROP_NAME = "mp4j.bench.only";

    private static boolean selected(String group) {
        String only = System.getProperty(ONLY_PROP_NAME);
        return only == null || List.of(only.split(",")).contains(group);
    }

    /**
     * spawn_join_ms: start + join of a process whose target does nothing, 20 times back-to-back,
     * mean (as CPython's script measures it: one loop timed as a whole). For {@code "warm"} a
     * comment line also gives the same 20 starts when the runner pauses, outside the timed part,
     * before each until its spares have booted (a program that starts processes no faster than
     * spares boot); that is not comparable with CPython's figure.
     */
    static void spawnJoin(String method) throws InterruptedException {
        var ctx = Multiprocessing.getContext(method);
        boolean warm = method.equals("warm");
        startAndJoin(ctx); // the first start pays for class loading in this JVM
        if (warm) {
            awaitSpare();
        }
        long[] each = new long[SPAWN_JOIN_COUNT];
        long t = System.nanoTime();
        for (int i = 0; i < SPAWN_JOIN_COUNT; i++) {
            each[i] = startAndJoin(ctx);
        }
        report("spawn_join_ms", (System.nanoTime() - t) / 1e6 / SPAWN_JOIN_COUNT, "ms/process");
        comment("spawn_join_ms back-to-back", each);
        if (warm) {
            long[] waited = new long[SPAWN_JOIN_COUNT];
            for (int i = 0; i < SPAWN_JOIN_COUNT; i++) {
                awaitSpare();
                Thread.sleep(SPARE_BOOT_PAUSE_MILLIS); // a program that starts no faster than spares boot
                waited[i] = startAndJoin(ctx);
            }
            comment("spawn_join_ms with a " + SPARE_BOOT_PAUSE_MILLIS + " ms pause before each start, its spares booted (not the figure)",
                    waited);
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
        for (String p : List.of(Configuration.WARM_SPARES_PROP_NAME, Configuration.AOT_PROP_NAME, Configuration.CHILD_TUNING_PROP_NAME)) {
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

    /**
     * lock_uncontended_ns: 1 000 000 acquire + release of a Lock in one process. Six rounds (the
     * first two are JIT warm-up on a 2-core machine); the figure is the last, all are printed as
     * a comment.
     */
    static void lockUncontended(String method) {
        var lock = Multiprocessing.getContext(method).lock();
        int n = 1_000_000;
        double[] rounds = new double[6];
        for (int r = 0; r < rounds.length; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                lock.acquire();
                lock.release();
            }
            rounds[r] = (double) (System.nanoTime() - t) / n;
        }
        report("lock_uncontended_ns", rounds[rounds.length - 1], "ns/op");
        var all = new StringBuilder();
        for (double r : rounds) {
            all.append(all.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", r));
        }
        System.out.println("# lock_uncontended_ns rounds " + all);
    }

    /**
     * value_locked_incr_2procs_ops_per_s: two children each do 100 000 increments of a shared
     * long under its lock; the total must be exact. The figure times the increments (from the
     * moment both children are started and waiting at a barrier with the parent until both have
     * reached the second barrier); the comment line also gives it with the start and join of
     * the two child JVMs included, as CPython's figure is measured (spawn_join_ms covers the
     * start cost on its own). With {@code warmUp > 0} the children first do that many
     * increments of another value, so the timed ones run JIT-compiled; that variant prints a
     * comment line only.
     */
    static void valueLockedIncrements(String method, int warmUp) {
        var ctx = Multiprocessing.getContext(method);
        var v = org.multiprocessing4j.Value.ofLong(0);
        var scratch = org.multiprocessing4j.Value.ofLong(0);
        int n = 100_000;
        var start = ctx.barrier(3);
        var end = ctx.barrier(3);
        var children = new java.util.ArrayList<Process>();
        for (int c = 0; c < 2; c++) {
            children.add(ctx.process(() -> {
                var scratchLock = scratch.getLock();
                for (int i = 0; i < warmUp; i++) {
                    scratchLock.acquire();
                    scratch.set(scratch.get() + 1);
                    scratchLock.release();
                }
                start.await();
                var lock = v.getLock();
                for (int i = 0; i < n; i++) {
                    lock.acquire();
                    try {
                        v.set(v.get() + 1);
                    } finally {
                        lock.release();
                    }
                }
                end.await();
            }));
        }
        long t0 = System.nanoTime();
        children.forEach(Process::start);
        start.await();
        long t1 = System.nanoTime();
        end.await();
        long t2 = System.nanoTime();
        children.forEach(Process::join);
        long t3 = System.nanoTime();
        if (v.get() != 2L * n) {
            throw new IllegalStateException("lost increments: " + v.get() + " != " + 2 * n);
        }
        if (warmUp > 0) {
            System.out.println(String.format(Locale.ROOT, "# value_locked_incr_2procs_ops_per_s after %d warm-up increments in each child (JIT-compiled): %.0f ops/s",
                    warmUp, 2.0 * n / ((t2 - t1) / 1e9)));
            return;
        }
        report("value_locked_incr_2procs_ops_per_s", 2.0 * n / ((t2 - t1) / 1e9), "ops/s");
        System.out.println(String.format(Locale.ROOT, "# value_locked_incr_2procs_ops_per_s with start+join of both JVMs %.0f ops/s (increments %.1f ms, total %.1f ms)",
                2.0 * n / ((t3 - t0) / 1e9), (t2 - t1) / 1e6, (t3 - t0) / 1e6));
    }

    /**
     * pipe_roundtrip_us: 20 000 send/recv echoes of a small int over a duplex Pipe to a child,
     * the first one excluded (as the CPython runner does). Also prints, as comments, the next
     * 20 000 over the same pipe (both JVMs have compiled their side by then: the figure's first
     * thousands of round trips run while the JIT compilers of both share the cores with them),
     * and the same over a Listener/Client connection the child opens itself (a direct socket, no
     * relay).
     */
    static void pipeRoundtrip(String method) {
        var ctx = Multiprocessing.getContext(method);
        int n = 20_000;
        try (var pipe = Pipe.open()) {
            Connection childEnd = pipe.right();
            var p = ctx.process(() -> echo(childEnd, 2 * n));
            p.start();
            report("pipe_roundtrip_us", roundtrips(pipe.left(), n), "us");
            System.out.println(String.format(Locale.ROOT, "# pipe_roundtrip_us of the next %d round trips %.3f us",
                    n, roundtrips(pipe.left(), n)));
            p.join();
        }
        try (var listener = new Listener()) {
            SocketAddress address = listener.address();
            var p = ctx.process(() -> {
                try (var c = Client.connect(address)) {
                    echo(c, n);
                }
            });
            p.start();
            try (var c = listener.accept()) {
                System.out.println(String.format(Locale.ROOT, "# listener_client_roundtrip_us %.3f", roundtrips(c, n)));
            }
            p.join();
        }
    }

    /**
     * queue_small_msgs_per_s: a child puts 200 000 small ints on a Queue (then null), the parent
     * gets them. Timed from the moment the child, booted and waiting on an Event, is released
     * until the parent got the null; a comment gives the figure with the child's start included
     * (as CPython's runner times it; spawn_join_ms covers the start on its own). Each queue
     * workload runs twice with a fresh child: the first run ({@code coldParent}) also compiles the
     * parent's side of the queue and is printed as a comment; the second gives the figure, as
     * the pool workloads are measured after a warm-up. The child is a fresh JVM both times.
     */
    static void queueSmallMessages(String method, boolean coldParent) {
        int n = 200_000;
        var ctx = Multiprocessing.getContext(method);
        Queue<Integer> q = ctx.queue();
        var ready = ctx.event();
        var go = ctx.event();
        var p = ctx.process(() -> {
            ready.set();
            go.await();
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            q.put(null);
        });
        var run = drain(p, q, ready, go, item -> 1);
        run.check(n, "items");
        report("queue_small_msgs_per_s", n / run.seconds(), "msgs/s", coldParent);
        System.out.println(String.format(Locale.ROOT, "# queue_small_msgs_per_s%s with the child's start %.0f msgs/s",
                coldParent ? " (parent cold)" : "", n / run.secondsWithStart()));
    }

    /** queue_1MiB_MB_per_s: a child puts 200 messages of 1 MiB of bytes, the parent gets them; timed as above. */
    static void queueMebibyteMessages(String method, boolean coldParent) {
        int n = 200;
        int size = 1 << 20;
        var ctx = Multiprocessing.getContext(method);
        Queue<byte[]> q = ctx.queue();
        var ready = ctx.event();
        var go = ctx.event();
        var p = ctx.process(() -> {
            byte[] blob = new byte[size];
            Arrays.fill(blob, (byte) 'x');
            ready.set();
            go.await();
            for (int i = 0; i < n; i++) {
                q.put(blob);
            }
            q.put(null);
        });
        var run = drain(p, q, ready, go, item -> ((byte[]) item).length);
        run.check((long) n * size, "bytes");
        report("queue_1MiB_MB_per_s", run.total() / run.seconds() / 1e6, "MB/s", coldParent);
        System.out.println(String.format(Locale.ROOT, "# queue_1MiB_MB_per_s%s with the child's start %.1f MB/s",
                coldParent ? " (parent cold)" : "", run.total() / run.secondsWithStart() / 1e6));
    }

    /** One timed drain: nanoTime before start, after the child is ready, after the last item; and the measured total. */
    private record Drain(long t0, long t1, long t2, long total) {
        double seconds() {
            return (t2 - t1) / 1e9;
        }

        double secondsWithStart() {
            return (t2 - t0) / 1e9;
        }

        void check(long expected, String what) {
            if (total != expected) {
                throw new IllegalStateException("got " + total + " " + what + " of " + expected);
            }
        }
    }

    /** Starts {@code p}, waits until it is ready, releases it and gets items until null. */
    private static Drain drain(Process p, Queue<?> q, Event ready, Event go, ToLongFunction<Object> measure) {
        long t0 = System.nanoTime();
        p.start();
        ready.await();
        long t1 = System.nanoTime();
        go.set();
        long total = 0;
        for (Object item = q.get(); item != null; item = q.get()) {
            total += measure.applyAsLong(item);
        }
        long t2 = System.nanoTime();
        p.join();
        q.close();
        return new Drain(t0, t1, t2, total);
    }

    private static void echo(Connection c, int n) {
        for (int i = 0; i < n; i++) {
            c.send(c.recv());
        }
    }

    private static double roundtrips(Connection c, int n) {
        c.send(0);
        c.recv();
        long t = System.nanoTime();
        for (int i = 0; i < n - 1; i++) {
            c.send(i);
            c.recv();
        }
        return (System.nanoTime() - t) / 1e3 / (n - 1);
    }

    /** A figure line, or with {@code asComment} a comment line saying it was the cold run. */
    static void report(String name, double value, String unit, boolean asComment) {
        if (asComment) {
            System.out.println(String.format(Locale.ROOT, "# %s (parent cold) %.3f %s", name, value, unit));
        } else {
            report(name, value, unit);
        }
    }

    /**
     * manager_dict_op_us: a child does 10 000 x (set + get) on a manager dict (keys i % 100),
     * timed in the child from its first operation to its last, per operation. CPython's runner
     * times the child's start and join as well; the comment line gives that figure too (the
     * JVM's start then weighs ~10-15 us per operation of the 20 000). A second comment line gives
     * the floor under it (a {@link #floor} line): the same number of bare socket round trips between
     * two fresh JVMs ({@link SocketFloor}).
     */
    static void managerDictOps(String method) {
        var ctx = Multiprocessing.getContext(method);
        int n = 10_000;
        try (var manager = ctx.manager()) {
            java.util.concurrent.ConcurrentMap<Integer, Object> d = manager.dict();
            var p = ctx.process(() -> {
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    d.put(i % 100, i);
                    d.get(i % 100);
                }
                d.put(-1, System.nanoTime() - t);
            });
            long t0 = System.nanoTime();
            p.start();
            p.join();
            long total = System.nanoTime() - t0;
            long inChild = (Long) d.get(-1);
            report("manager_dict_op_us", inChild / 1e3 / (2 * n), "us/op");
            System.out.println(String.format(Locale.ROOT, "# manager_dict_op_us with start+join of the child %.3f us/op",
                    total / 1e3 / (2 * n)));
        }
        floor("socket_roundtrip_us", SocketFloor.measure(2 * n), "us",
                "a bare Unix-socket round trip between two fresh JVMs, JDK only, " + 2 * n + " times (under manager_dict_op_us)");
    }

    /**
     * A floor: what the JDK alone does for the same job, printed as the comment line
     * {@code # floor name<TAB>figure<TAB>unit<TAB>what}, which bench/compare prints under its table.
     */
    static void floor(String name, double value, String unit, String what) {
        System.out.println(String.format(Locale.ROOT, "# floor %s\t%.3f\t%s\t%s", name, value, unit, what));
    }

    static void report(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s\t%.3f\t%s", name, value, unit));
    }
}
