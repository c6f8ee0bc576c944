package org.multiprocessing4j;

import org.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Programs that {@link ParentExitTest} runs as separate root JVMs, one scenario per argument.
 * They print {@code key=value} lines on stdout for the test to read.
 */
public final class RootScenarios {

    private RootScenarios() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "exit-rules" -> exitRules(args[1]);
            case "orphans" -> orphans();
            case "failing-child" -> failingChild();
            case "serializer" -> serializer();
            case "exit-order" -> exitOrder();
            case "open-pool" -> openPool();
            case "warm-spares" -> warmSpares();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** Starts a daemonic and a non-daemonic child, then returns from main. */
    private static void exitRules(String dir) {
        var daemon = new Process(() -> Await.until("forever", Delays.seconds(600), () -> false));
        daemon.setDaemon(true);
        daemon.start();
        var worker = new Process(() -> {
            Await.until("release", Delays.seconds(120), () -> Files.exists(Path.of(dir, "release")));
            try {
                Files.writeString(Path.of(dir, "worker-done"), "done");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        worker.start();
        System.out.println("daemon=" + daemon.pid());
        System.out.println("worker=" + worker.pid());
        System.out.println("main-returns=");
        System.out.flush();
    }

    /** A child with a grandchild, both blocked for good; the test kills this JVM. */
    private static void orphans() {
        var child = new Process(() -> {
            var grandchild = new Process(() -> Await.until("forever", Delays.seconds(600), () -> false));
            grandchild.start();
            System.out.println("grandchild=" + grandchild.pid());
            System.out.flush();
            Await.until("forever", Delays.seconds(600), () -> false);
        });
        child.start();
        System.out.println("child=" + child.pid());
        System.out.println("session=" + org.multiprocessing4j.internal.spawn.Session.existing());
        System.out.flush();
        Await.until("forever", Delays.seconds(600), () -> false);
    }

    /** A process running on a warm spare, and idle spares; the test kills this JVM. */
    private static void warmSpares() {
        var ctx = Multiprocessing.getContext("warm");
        var running = ctx.process(() -> Await.until("forever", Delays.seconds(600), () -> false));
        running.start();
        System.out.println("running=" + running.pid());
        Await.until("two idle spares", Delays.seconds(60), () -> WarmSpares.ready() >= 2);
        System.out.println("idle=" + WarmSpares.sparePids().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")));
        System.out.flush();
        Await.until("forever", Delays.seconds(600), () -> false);
    }

    /** A child whose run() throws; its trace goes to the inherited stderr. */
    private static void failingChild() {
        var p = new Process(() -> {
            throw new IllegalArgumentException("the message of the failure");
        }, "failing");
        p.start();
        p.join();
        System.out.println("exit=" + p.exitCode());
    }

    /**
     * A pool left open when main returns: once a map has run, the pids of this JVM's children
     * (the pool's two workers, both launched when the pool was made), then main returns.
     */
    private static void openPool() {
        var pool = Pool.builder().processes(2).build();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        pool.map(square, java.util.List.of(1, 2, 3));
        var children = ProcessHandle.current().children().map(h -> String.valueOf(h.pid())).toList();
        System.out.println("workers=" + String.join(",", children));
        System.out.println("main-returns=1");
    }

    /** Registers exit tasks out of phase order; they must run in phase order. */
    private static void exitOrder() {
        SpawnRuntime.onExit(
                SpawnRuntime.Phase.SESSION, () -> System.out.println("exit=session"));
        SpawnRuntime.onExit(
                SpawnRuntime.Phase.RESOURCES, () -> {
                    throw new IllegalStateException("a failing task does not stop the others");
                });
        SpawnRuntime.onExit(
                SpawnRuntime.Phase.CHILDREN, () -> System.out.println("exit=children"));
        System.out.println("registered=3");
    }

    /** Runs a child with whatever serializer the system property selects. */
    private static void serializer() {
        String greeting = "hello";
        var p = new Process(() -> System.out.println("child-says=" + greeting + " via "
                + org.multiprocessing4j.internal.wire.Serializers.name()));
        p.start();
        p.join();
        System.out.println("exit=" + p.exitCode());
        Object notSerializable = new Object();
        try {
            new Process(() -> notSerializable.hashCode()).start();
            System.out.println("unserialisable=started");
        } catch (SerializationException e) {
            System.out.println("unserialisable=" + e.offendingClass());
        }
    }
}
