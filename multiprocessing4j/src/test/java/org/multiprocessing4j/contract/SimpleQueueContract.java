package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SimpleQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link SimpleQueue}, on every implementation that has one. */
public abstract class SimpleQueueContract extends ContractBase {

    @Test
    void itemsCrossProcessesInOrder() {
        SimpleQueue<Object> q = backend.simpleQueue();
        assertTrue(q.empty());
        inChild(() -> {
            q.put("one");
            q.put(null);
            q.put(3);
        });
        assertEquals("one", q.get());
        assertEquals(null, q.get());
        assertEquals(3, q.get());
        assertTrue(q.empty());
    }
}
