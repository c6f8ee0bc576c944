package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Pool} with the {@code "thread"} start method: Python's {@code ThreadPool}. */
class ThreadPoolTest extends PoolConformanceTest {

    @Override
    String startMethod() {
        return "thread";
    }

    @Test
    void tasksShareThisJvmsObjects() {
        var counter = new AtomicInteger();
        SerializableFunction<Integer, Integer> inc = v -> counter.incrementAndGet();
        pool.map(inc, range(20), 3);
        assertEquals(20, counter.get());
    }
}
