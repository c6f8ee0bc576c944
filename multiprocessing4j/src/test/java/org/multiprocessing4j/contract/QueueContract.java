package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Queue}, on every implementation. */
public abstract class QueueContract extends ContractBase {

    /**
     * An interrupt racing a put (issue 17: a manager's interrupted get took the item put after
     * it, and the item was lost): the item is returned by the interrupted get or by the next one.
     */
    @Test
    void anInterruptedGetLosesNoItem() {
        Queue<Integer> q = backend.queue(0);
        for (int round = 0; round < 20; round++) {
            var getter = running(() -> q.get(LIMIT));
            getter.thread().interrupt();
            q.put(round);
            Integer got = completedDespiteInterrupt(getter) ? getter.result().join() : q.get(LIMIT);
            assertEquals(round, got, "round " + round);
            assertEquals(0, q.qsize(), "round " + round);
        }
    }

    @Test
    void fifoAndTheNonBlockingForms() {
        Queue<Object> q = backend.queue(0);
        assertThrows(QueueEmptyException.class, q::getNowait);
        assertThrows(QueueEmptyException.class, () -> q.get(SHORT));
        q.put("a");
        q.put(List.of(1, 2));
        q.put(null);
        assertEquals("a", q.get());
        assertEquals(List.of(1, 2), q.get(LIMIT));
        assertEquals(null, q.get(null));
        assertTrue(q.empty() || q.qsize() == 0);
    }

    @Test
    void aBoundedQueueRefusesWhenFullAndKeepsItsItems() {
        Queue<Integer> q = backend.queue(2);
        q.put(1);
        q.put(2, SHORT);
        assertTrue(q.full());
        assertEquals(2, q.qsize());
        assertThrows(QueueFullException.class, () -> q.putNowait(3));
        assertThrows(QueueFullException.class, () -> q.put(3, SHORT));
        assertEquals(1, q.get());
        assertEquals(2, q.get());
        assertTrue(q.empty());
        assertFalse(q.full());
    }

    @Test
    void itemsFromAnotherProcessArriveInOrder() {
        Queue<Integer> q = backend.queue(0);
        inChild(() -> {
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(i, q.get(LIMIT));
        }
        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void aGetWithoutLimitWaitsForAnotherProcess() {
        Queue<String> q = backend.queue(1);
        var getter = onThread(() -> q.get(null));
        inChild(() -> q.put("from the child"));
        assertEquals("from the child", await(getter));
    }
}
