package org.multiprocessing4j.examples;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.ProgressBar;
import org.multiprocessing4j.SerializableFunction;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code Pool.map} over 100 items with eight worker processes, with a progress bar.
 *
 * <pre>{@code
 * with Pool(8) as p:
 *     print(p.map(square, range(100)))
 * }</pre>
 */
public final class PoolMap {

    private PoolMap() {}

    public static void main(String[] args) {
        List<Integer> numbers = IntStream.range(0, 100).boxed().toList();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        SerializableFunction<Integer, Long> workerPid = x -> ProcessHandle.current().pid();
        long start = System.nanoTime();
        // .progress(ProgressBar.console()) switches on a terminal progress bar for every map.
        try (var pool = Pool.builder().processes(8).progress(ProgressBar.console()).build()) {
            List<Integer> squares = pool.map(square, numbers);
            System.out.println("squares: " + squares.subList(0, 10) + " ... " + squares.get(99));
            var pids = new HashSet<>(pool.map(workerPid, numbers, 1));
            System.out.println("the second map (chunksize 1) ran in %d worker processes: %s".formatted(pids.size(), pids));
        }
        System.out.println("pool started, used and closed in %d ms".formatted((System.nanoTime() - start) / 1_000_000));
    }
}
