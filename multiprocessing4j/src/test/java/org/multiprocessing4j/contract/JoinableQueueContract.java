package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.JoinableQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The contract of {@link JoinableQueue}, on every implementation. */
public abstract class JoinableQueueContract extends ContractBase {

    @Test
    void taskDoneBeyondThePutsIsRefused() {
        JoinableQueue<String> q = backend.joinableQueue(0);
        assertThrows(IllegalStateException.class, q::taskDone);
        q.put("x");
        assertEquals("x", q.get(LIMIT));
        q.taskDone();
        q.join(); // nothing unfinished
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinWaitsUntilAnotherProcessMarkedEveryTaskDone() {
        JoinableQueue<Integer> q = backend.joinableQueue(0);
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        var joined = onThread(() -> {
            q.join();
            return true;
        });
        inChild(() -> {
            for (int i = 0; i < 10; i++) {
                check(q.get(LIMIT) == i, "order");
                q.taskDone();
            }
        });
        assertEquals(true, await(joined));
        assertFalse(!q.empty());
    }
}
