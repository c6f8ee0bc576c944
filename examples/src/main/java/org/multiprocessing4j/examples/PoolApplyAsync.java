package org.multiprocessing4j.examples;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hundred {@code applyAsync} calls with a callback, then {@code shutdown()} and {@code join()};
 * then blocking {@code apply} in a loop.
 *
 * <pre>{@code
 * pool = Pool(4)
 * results = [pool.apply_async(cube, (i,), callback=collect) for i in range(100)]
 * pool.close(); pool.join()
 * for i in range(5): print(pool.apply(cube, (i,)))
 * }</pre>
 */
public final class PoolApplyAsync {

    private PoolApplyAsync() {}

    static String whoAmI(int i) {
        return Multiprocessing.currentProcess().getName() + " says " + i + "^3 = " + i * i * i;
    }

    public static void main(String[] args) {
        var calledBack = new AtomicInteger();
        var pool = new Pool(4);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            results.add(pool.applyAsync(() -> n * n * n, value -> calledBack.incrementAndGet(), null));
        }
        pool.shutdown(); // no more tasks; the hundred queued ones still run
        pool.join();
        long sum = results.stream().mapToLong(r -> r.get(null)).sum();
        System.out.println("100 applyAsync results, sum of cubes %d, %d callbacks run in this process"
                .formatted(sum, calledBack.get()));

        try (var again = new Pool(2)) {
            for (int i = 1; i <= 5; i++) {
                int n = i;
                System.out.println("apply: " + again.apply(() -> whoAmI(n)));
            }
        }
    }
}
