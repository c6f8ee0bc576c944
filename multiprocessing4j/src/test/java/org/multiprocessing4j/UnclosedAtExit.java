package org.multiprocessing4j;

import org.multiprocessing4j.futures.ProcessPoolExecutor;
import org.multiprocessing4j.managers.Manager;

import java.util.List;

/**
 * A program that {@link UnclosedAtExitTest} runs as its own root JVM: it creates what the
 * arguments name ({@code manager}, {@code pool}, {@code executor}), uses it, never closes it,
 * and returns from {@code main}, printing the wall-clock time of that return as
 * {@code main-returns=<millis>}.
 */
public final class UnclosedAtExit {

    private UnclosedAtExit() {}

    public static void main(String[] args) throws Exception {
        for (String what : args) {
            switch (what) {
                case "manager" -> {
                    var manager = Manager.start();
                    var value = manager.value(41);
                    value.set(value.get() + 1);
                    System.out.println("manager-value=" + value.get());
                }
                case "pool" -> {
                    var pool = new Pool(2);
                    System.out.println("pool-squares=" + pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
                }
                case "executor" -> {
                    var executor = new ProcessPoolExecutor(2);
                    System.out.println("executor-result=" + executor.submit(() -> 6 * 7).get());
                }
                default -> throw new IllegalArgumentException("unknown thing to leave open: " + what);
            }
        }
        System.out.println("main-returns=" + System.currentTimeMillis());
        System.out.flush();
    }
}
