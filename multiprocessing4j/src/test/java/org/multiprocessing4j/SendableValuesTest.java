package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.Serializable;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What users send travels (the JDK's immutable collections, {@code Map.entry}, records), and what
 * cannot travel is named in the user's terms: the field of the user's class or the value a
 * lambda captured, and what to change, in a message without the serializer's internals.
 */
@ExtendWith(NoLeftoverProcesses.class)
class SendableValuesTest {

    record Point(int x, String label) implements Serializable {}

    static final class Job implements Serializable {
        int n = 3;
        Socket socket = new Socket();
    }

    @Test
    void jdkImmutableCollectionsEntriesAndRecordsGoToWorkersAndBack() {
        List<Object> values = List.of(Map.entry(1, "a"), List.of(1, 2), List.of(), Map.of("k", 1), Set.of(3),
                new Point(1, "p"), List.of(Map.entry("x", List.of(Map.entry(2, new Point(2, "q"))))));
        try (var pool = new Pool(1)) {
            assertEquals(values, pool.map(v -> v, values));
            // README's starmap example
            assertEquals(List.of("1a", "2b"), pool.starmap((Integer n, String s) -> n + s, List.of(Map.entry(1, "a"), Map.entry(2, "b"))));
        }
    }

    @Test
    void aCapturedThreadOrASocketFieldIsNamedWithWhatToDo() {
        Thread thread = Thread.currentThread();
        var job = new Job();
        try (var pool = new Pool(1)) {
            var captured = assertThrows(SerializationException.class, () -> pool.apply(() -> thread.getName()));
            assertEquals("java.lang.Thread", captured.offendingClass());
            assertTrue(captured.getMessage().contains("captured value 1 of the lambda written in "
                    + SendableValuesTest.class.getName() + ".aCapturedThreadOrASocketFieldIsNamedWithWhatToDo"), captured.getMessage());
            assertTrue(captured.getMessage().contains("do not capture it"), captured.getMessage());

            var field = assertThrows(SerializationException.class, () -> pool.apply(() -> job.n));
            assertTrue(field.getMessage().contains("field socket of " + Job.class.getName()), field.getMessage());
            assertTrue(field.getMessage().contains("make that field transient"), field.getMessage());

            var item = assertThrows(SerializationException.class, () -> pool.map(j -> j.n, List.of(new Job())));
            assertTrue(item.getMessage().contains("field socket of " + Job.class.getName() + " (element 0 of the items)"),
                    item.getMessage());
            for (var e : List.of(captured, field, item)) {
                assertFalse(e.getMessage().contains("org.apache.fory"), e.getMessage());
                assertFalse(e.getMessage().contains("disallowed list"), e.getMessage());
                assertFalse(e.getMessage().contains("org.multiprocessing4j.internal"), e.getMessage());
                assertTrue(e.getCause().getStackTrace().length <= 3, "the serializer's trace is kept short in the cause");
            }
            assertEquals(List.of(1), pool.map(x -> x, List.of(1)), "the pool still works");
        }
    }
}
