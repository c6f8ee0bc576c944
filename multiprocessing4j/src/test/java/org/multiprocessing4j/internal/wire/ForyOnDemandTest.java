package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool whose tasks are lambdas over simple values never builds Fory in its worker JVM
 * (building it costs a fresh JVM most of a second of CPU), even after another pool's initializer
 * needed it; the first task that needs it builds it, and works.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ForyOnDemandTest {

    /** Needs the general serializer: not a simple value (a class, not a record), not JDK-serialisable. */
    static final class Pair {
        private final int a;
        private final int b;

        Pair(int a, int b) {
            this.a = a;
            this.b = b;
        }

        int a() {
            return a;
        }

        int b() {
            return b;
        }
    }

    /** A record of simple values: written without Fory. */
    record Point(int x, String label) {}

    private static boolean foryBuiltHere() {
        return Serializers.get() instanceof ForySerializer f && f.built();
    }

    @Test
    void simpleTasksNeverBuildFory() {
        assertEquals(ForySerializer.NAME, Serializers.name(), "the default serializer of this test JVM");
        // First a pool whose initializer JDK streams refuse (it goes through Fory): it must not
        // make the next pools' workers build Fory (a class-wide memo once did).
        var notSerialisable = new Pair(1, 2);
        try (var other = Pool.builder().processes(1).startMethod("spawn")
                .initializer(() -> notSerialisable.a()).build()) {
            assertEquals(3, (int) other.apply(() -> 3));
        }
        try (var pool = Pool.builder().processes(1).startMethod("spawn").build()) {
            SerializableFunction<Integer, Integer> square = x -> x * x;
            assertEquals(List.of(0, 1, 4, 9), pool.map(square, List.of(0, 1, 2, 3)));
            assertEquals("x!", pool.apply(() -> "x" + "!"));
            // the JDK's common collections of simple values, and arrays of primitives, as results and captured values
            SerializableFunction<Integer, List<Integer>> pair = x -> List.of(x, x * x);
            assertEquals(List.of(List.of(2, 4), List.of(3, 9)), pool.map(pair, List.of(2, 3)));
            var counts = new HashMap<>(Map.of("a", 1));
            assertEquals(Map.of("a", 1, "b", 2), pool.apply(() -> {
                var more = new HashMap<>(counts);
                more.put("b", 2);
                return more;
            }));
            assertArrayEquals(new double[] {0.5, 2}, pool.apply(() -> new double[] {0.5, 2}));
            SerializableFunction<Integer, Point> point = x -> new Point(x, "p" + x);
            assertEquals(List.of(new Point(1, "p1"), new Point(2, "p2")), pool.map(point, List.of(1, 2)));
            assertEquals(Map.of(Thread.State.NEW, List.of(new Point(3, "p3"))),
                    pool.apply(() -> Map.of(Thread.State.NEW, List.of(new Point(3, "p3")))));
            assertFalse(pool.apply(ForyOnDemandTest::foryBuiltHere), "the worker built Fory for simple tasks");

            SerializableFunction<Pair, Integer> sum = p -> p.a() + p.b();
            assertEquals(List.of(3, 7), pool.map(sum, List.of(new Pair(1, 2), new Pair(3, 4))));
            assertTrue(pool.apply(ForyOnDemandTest::foryBuiltHere), "an item of a class builds it in the worker");
        }
    }
}
