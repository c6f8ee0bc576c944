package org.multiprocessing4j.futures;

import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Programs that {@link ProcessPoolExecutorTest} runs as separate root JVMs, one scenario per
 * argument. They print {@code key=value} lines on stdout for the test to read.
 */
public final class ExecutorScenarios {

    private ExecutorScenarios() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "unshut-executor" -> unshutExecutor(args[1], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 0);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /**
     * Submits three tasks to an executor with one worker and returns from main without shutting
     * it down; the first task waits until the test creates {@code release} (after main returned),
     * so all three are pending at exit. With {@code maxTasksPerChild} > 0 the worker retires
     * after that many tasks, so the exit's join needs replacement workers.
     */
    private static void unshutExecutor(String startMethod, String dir, int maxTasksPerChild) {
        var builder = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(startMethod);
        if (maxTasksPerChild > 0) {
            builder.maxTasksPerChild(maxTasksPerChild);
        }
        var executor = builder.build();
        for (int i = 0; i < 3; i++) {
            int n = i;
            executor.submit(() -> {
                if (n == 0) {
                    Await.until("release", Delays.seconds(120), () -> Files.exists(Path.of(dir, "release")));
                }
                try {
                    Files.writeString(Path.of(dir, "task-" + n), "done");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        System.out.println("main-returns=");
        System.out.flush();
    }
}
