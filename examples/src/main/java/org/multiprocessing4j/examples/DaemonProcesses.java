package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

import java.time.Duration;

/**
 * When a program ends, its daemonic children are terminated and its other children are
 * waited for. Here the "program" is itself a child process, so the tour can watch it end.
 *
 * <pre>{@code
 * d = Process(name='daemon', target=daemon); d.daemon = True
 * n = Process(name='non-daemon', target=non_daemon); n.daemon = False
 * d.start(); n.start()
 * d.join(1); print('d.is_alive()', d.is_alive())
 * # the program ends here: n is joined, d is terminated
 * }</pre>
 */
public final class DaemonProcesses {

    private DaemonProcesses() {}

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void program() {
        var daemon = Process.builder().name("daemon").daemon(true).target(() -> {
            System.out.println("  daemon: starting; I would run for 20 s, but my parent will end first");
            sleep(Duration.ofSeconds(20));
            System.out.println("  daemon: you should never see this line");
        }).build();
        var worker = Process.builder().name("non-daemon").target(() -> {
            System.out.println("  non-daemon: starting, working for 1.5 s");
            sleep(Duration.ofMillis(1500));
            System.out.println("  non-daemon: done");
        }).build();
        daemon.start();
        worker.start();
        daemon.join(Duration.ofSeconds(1));
        System.out.println("  program: daemon.isAlive() after join(1 s) = " + daemon.isAlive());
        System.out.println("  program: returning now, without joining anyone");
    }

    public static void main(String[] args) {
        var program = new Process(DaemonProcesses::program, "program");
        long start = System.nanoTime();
        program.start();
        program.join();
        System.out.println(("program ended after %d ms with exit code %d: it waited for its non-daemon"
                        + " and terminated its daemon; processes left under this JVM: %d").formatted(
                (System.nanoTime() - start) / 1_000_000, program.exitCode(),
                ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()));
        if (!Multiprocessing.activeChildren().isEmpty()) {
            throw new IllegalStateException("children still running: " + Multiprocessing.activeChildren());
        }
    }
}
