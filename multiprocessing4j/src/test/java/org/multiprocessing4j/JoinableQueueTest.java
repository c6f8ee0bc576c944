package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.SharedJoinableQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JoinableQueue}: task counting across processes. */
class JoinableQueueTest extends SharedTestBase {

    @Test
    void joinReturnsOnceADaemonConsumerHasReportedEveryItemDone() {
        JoinableQueue<Integer> q = Multiprocessing.joinableQueue();
        var total = Value.ofLong(0);
        var consumer = Process.builder().daemon(true).target(() -> {
            while (true) {
                Integer x = q.get();
                total.addAndGet(x);
                q.taskDone();
            }
        }).build();
        consumer.start();
        for (int i = 1; i <= 50; i++) {
            q.put(i);
        }
        q.join();
        assertEquals(1275, total.get(), "join returned before every item was processed");
        assertTrue(q.empty());
        // Bounded joinable queues count the same way.
        JoinableQueue<Integer> bounded = Multiprocessing.joinableQueue(2);
        assertEquals(2, ((SharedJoinableQueue<Integer>) bounded).maxsize());
        consumer.terminate();
        assertTrue(consumer.join(LIMIT));
    }

    @Test
    void joinWaitsForTheLastTaskDone() throws Exception {
        JoinableQueue<String> q = Multiprocessing.joinableQueue(3);
        q.put("a");
        q.put("b");
        assertEquals(2, ((SharedJoinableQueue<String>) q).unfinishedTasks());
        var joined = CompletableFuture.runAsync(q::join);
        assertEquals("a", q.get());
        assertEquals("b", q.get());
        q.taskDone();
        assertThrows(TimeoutException.class, () -> joined.get(100, TimeUnit.MILLISECONDS), "one task is still unfinished");
        q.taskDone();
        joined.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        q.join(); // nothing unfinished: returns at once
    }

    @Test
    void oneTaskDoneTooManyRaises() {
        JoinableQueue<String> q = Multiprocessing.joinableQueue();
        var e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("taskDone() called more times than items were put (no unfinished task)", e.getMessage());
        q.put("x");
        assertEquals("x", q.get(LIMIT));
        q.taskDone();
        assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals(0, ((SharedJoinableQueue<String>) q).unfinishedTasks());
    }

    @Test
    void aFullBoundedPutIsNotCounted() {
        JoinableQueue<String> q = Multiprocessing.joinableQueue(1);
        q.put("a");
        assertThrows(QueueFullException.class, () -> q.putNowait("b"));
        assertThrows(QueueFullException.class, () -> q.put("b", Duration.ofMillis(10)));
        assertEquals("a", q.get());
        q.taskDone();
        q.join();
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void aChildReportsDoneForItemsTheParentPut() {
        JoinableQueue<Integer> q = Multiprocessing.joinableQueue();
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        var p = start(() -> {
            for (int i = 0; i < 10; i++) {
                q.get();
                q.taskDone();
            }
        });
        q.join();
        joinOk(p);
        assertThrows(IllegalStateException.class, q::taskDone);
    }
}
