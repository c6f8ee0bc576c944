package org.multiprocessing4j.examples;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.TaskTimeoutException;
import org.multiprocessing4j.WorkerLostException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What Java could not do before: a map in which one task runs away, one calls
 * {@code System.exit}, one exhausts its heap and one throws — and the others complete. The
 * runaway task is stopped by {@code taskTimeout}; the dead workers are replaced; each bad task
 * fails alone, with an exception that says what happened.
 */
public final class PoolContainment {

    private PoolContainment() {}

    static long task(int i) {
        switch (i) {
            case 3 -> {
                while (true) {
                    Thread.onSpinWait(); // a runaway loop that even ignores interrupts
                }
            }
            case 5 -> System.exit(1);
            case 7 -> {
                var hog = new ArrayList<long[]>();
                while (true) {
                    hog.add(new long[4 << 20]); // 32 MiB at a time until the heap is gone
                }
            }
            case 9 -> throw new IllegalArgumentException("item 9 is invalid");
            default -> { }
        }
        long sum = 0;
        for (int k = 0; k <= i * 1_000_000; k++) {
            sum += k;
        }
        return sum;
    }

    public static void main(String[] args) {
        SerializableFunction<Integer, Long> fn = PoolContainment::task;
        List<Integer> items = IntStream.range(0, 12).boxed().toList();
        try (var pool = Pool.builder()
                .processes(2)
                .taskTimeout(Duration.ofSeconds(5))
                .memoryLimit(128L << 20)
                .build()) {
            var results = pool.imap(fn, items);
            for (int i : items) {
                String outcome;
                try {
                    outcome = "ok, " + results.next();
                } catch (TaskTimeoutException e) {
                    outcome = "stopped: " + e.getMessage();
                } catch (WorkerLostException e) {
                    outcome = "worker lost: " + e.getMessage();
                } catch (IllegalArgumentException e) { // the task's own exception, as in CPython
                    outcome = "failed: " + e;
                }
                System.out.println("item %2d: %s".formatted(i, outcome));
            }
            System.out.println("and the pool still works: " + pool.apply(() -> "hello from a replacement worker"));
        }
    }
}
