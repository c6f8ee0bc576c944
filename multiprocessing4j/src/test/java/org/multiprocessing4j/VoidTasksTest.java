package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that return nothing (Python's functions returning {@code None}): {@code apply} and
 * {@code applyAsync} of a {@link SerializableRunnable}, {@code forEach} of a
 * {@link SerializableConsumer}; a lambda that returns a value still picks the callable form.
 */
@ExtendWith(NoLeftoverProcesses.class)
class VoidTasksTest {

    @Test
    void voidTasksRunInWorkersAndValueLambdasStillReturnValues() {
        String box = Mailbox.create();
        try (var pool = new Pool(2)) {
            pool.apply(() -> Mailbox.put(box, "applied", "yes"));           // a statement: the runnable form
            assertEquals("yes", Mailbox.get(box, "applied"));
            assertNull(pool.applyAsync(() -> Mailbox.put(box, "async", "yes")).get(Delays.seconds(60)));
            assertEquals("yes", Mailbox.get(box, "async"));

            pool.forEach((Integer i) -> Mailbox.put(box, "item" + i, i * i), List.of(1, 2, 3));
            assertEquals("1", Mailbox.get(box, "item1"));
            assertEquals("9", Mailbox.get(box, "item3"));
            pool.forEach((String s) -> Mailbox.put(box, s, s.length()), List.of("ab", "abc"), 1);
            assertEquals("3", Mailbox.get(box, "abc"));

            Integer answer = pool.apply(() -> 6 * 7);                        // an expression: the callable form
            assertEquals(42, answer);
            String viaMethod = pool.apply(VoidTasksTest::name);
            assertEquals("name", viaMethod);

            // the task's own unchecked exception, re-thrown with its type (issue 16)
            var e = assertThrows(IllegalStateException.class,
                    () -> pool.forEach((Integer i) -> { if (i == 2) throw new IllegalStateException("two"); }, List.of(1, 2, 3)));
            assertTrue(e.getMessage().contains("two"), e.getMessage());
        } finally {
            Mailbox.delete(box);
        }
    }

    static String name() {
        return "name";
    }
}
