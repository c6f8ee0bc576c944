package org.multiprocessing4j.futures;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.WaitTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Futures#wait} and {@link Futures#asCompleted} semantics, on plain futures. */
class FuturesTest {

    @Test
    void waitReturnsWhenItsConditionIsMet() {
        var a = new CompletableFuture<Integer>();
        var b = new CompletableFuture<Integer>();
        var c = new CompletableFuture<Integer>();
        a.complete(1);
        var first = Futures.wait(List.of(a, b, c), Duration.ofSeconds(5), ReturnWhen.FIRST_COMPLETED);
        assertEquals(Set.of(a), first.done());
        assertEquals(Set.of(b, c), first.notDone());

        var timedOut = Futures.wait(List.of(a, b, c), Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(a), timedOut.done(), "the timeout returns what is done so far");

        b.completeExceptionally(new IllegalStateException("failed"));
        var firstException = Futures.wait(List.of(a, b, c), Duration.ofSeconds(5), ReturnWhen.FIRST_EXCEPTION);
        assertEquals(Set.of(a, b), firstException.done());

        c.complete(3);
        var all = Futures.wait(List.of(a, b, c), null, ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(a, b, c), all.done());
        assertTrue(all.notDone().isEmpty());
    }

    @Test
    void asCompletedTimesOutFromTheCallAndWorksWithAnyFuture() throws Exception {
        var never = new CompletableFuture<Integer>();
        var task = new FutureTask<>(() -> 5); // not a CompletionStage
        var it = Futures.asCompleted(List.of(never, task), Duration.ofMillis(200));
        Thread.ofVirtual().start(task);
        assertEquals(task, it.next());
        assertThrows(WaitTimeoutException.class, it::next);
    }

    @Test
    void asCompletedWithoutATimeoutWaitsAsLongAsItTakes() throws Exception {
        var a = new CompletableFuture<Integer>();
        var b = new CompletableFuture<Integer>();
        b.complete(2);
        var order = Futures.asCompleted(List.of(a, b));
        assertEquals(b, order.next(), "the done one first");
        var late = new Thread(() -> a.complete(1));
        late.start();
        assertEquals(a, order.next(), "then the other when it completes, however late");
        late.join();
        assertTrue(!order.hasNext());
    }
}
