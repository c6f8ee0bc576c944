package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;

import java.net.SocketAddress;

import java.util.Arrays;
import java.util.Locale;

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
        pipeRoundtrip(method);
    }

    /**
     * pipe_roundtrip_us: 20 000 send/recv echoes of a small int over a duplex Pipe to a child,
     * the first one excluded (as the CPython runner does). Also prints, as a comment, the same
     * over a Listener/Client connection the child opens itself (a direct socket, no relay).
     */
    static void pipeRoundtrip(String method) {
        var ctx = Multiprocessing.getContext(method);
        int n = 20_000;
        try (var pipe = Pipe.open()) {
            Connection childEnd = pipe.right();
            var p = ctx.process(() -> echo(childEnd, n));
            p.start();
            report("pipe_roundtrip_us", roundtrips(pipe.left(), n), "us");
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
