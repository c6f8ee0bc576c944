package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SimpleQueue} across processes. */
class SimpleQueueTest extends SharedTestBase {

    @Test
    void aPutIsVisibleWhenItReturnsAndNullIsAnItem() {
        SimpleQueue<Object> q = Multiprocessing.simpleQueue();
        assertTrue(q.empty());
        q.put(null);
        assertFalse(q.empty(), "no feeder thread: the item is there at once");
        q.put("x");
        assertNull(q.get());
        assertEquals("x", q.get());
        assertTrue(q.empty());
    }

    @Test
    void childrenPutAndTheParentGetsEverything() {
        SimpleQueue<int[]> q = Multiprocessing.simpleQueue();
        var children = new ArrayList<Process>();
        for (int c = 0; c < 2; c++) {
            int id = c;
            children.add(start(() -> {
                for (int i = 0; i < 500; i++) {
                    q.put(new int[] {id, i});
                }
            }));
        }
        int[] next = new int[2];
        for (int n = 0; n < 1000; n++) {
            int[] item = q.get();
            assertEquals(next[item[0]]++, item[1], "items of one producer arrive in order");
        }
        children.forEach(SharedTestBase::joinOk);
        assertTrue(q.empty());
    }

    @Test
    void aQueuePassedToAChildAndBackIsTheSameObject() {
        SimpleQueue<Object> q = Multiprocessing.simpleQueue();
        SimpleQueue<Object> ack = Multiprocessing.simpleQueue();
        var p = start(() -> {
            ack.put(q); // the reference travels; the parent resolves it to its own object
            ack.put(q.get());
        });
        assertSame(q, ack.get());
        q.put("through the child");
        assertEquals("through the child", ack.get());
        joinOk(p);
    }

    @Test
    void closeEndsThisProcessesUse() {
        SimpleQueue<String> q = Multiprocessing.simpleQueue();
        q.put("x");
        q.close();
        q.close();
        var e = assertThrows(IllegalStateException.class, () -> q.put("y"));
        assertEquals("cannot put: this process closed the queue", e.getMessage());
        assertThrows(IllegalStateException.class, q::get);
        var empty = assertThrows(IllegalStateException.class, q::empty);
        assertTrue(empty.getMessage().contains("closed the queue"), empty.getMessage());
        assertTrue(q.toString().contains("closed"), q.toString());
        assertThrows(SerializationException.class, () -> Multiprocessing.simpleQueue().put(Thread.currentThread()));
    }

    @Test
    void closeInAChildEndsOnlyThatChildsUse() {
        SimpleQueue<String> q = Multiprocessing.simpleQueue();
        SimpleQueue<String> report = Multiprocessing.simpleQueue();
        var p = start(() -> {
            q.put("before close");
            q.close();
            for (var op : java.util.List.<Runnable>of(() -> q.put("after"), q::get, q::empty)) {
                try {
                    op.run();
                    report.put("no error");
                } catch (IllegalStateException e) {
                    report.put(e.getMessage());
                }
            }
        });
        joinOk(p);
        for (int i = 0; i < 3; i++) {
            assertTrue(report.get().contains("this process closed the queue"));
        }
        assertEquals("before close", q.get(), "the parent's copy stays open");
        q.put("still open");
        assertEquals("still open", q.get());
        assertTrue(q.empty());
    }
}
