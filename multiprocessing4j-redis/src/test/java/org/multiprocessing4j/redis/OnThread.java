package org.multiprocessing4j.redis;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A call on a platform thread of its own (a test's waiters block for seconds; the common pool may have one thread). */
final class OnThread {

    private OnThread() {}

    static <T> CompletableFuture<T> start(Supplier<T> call) {
        var f = new CompletableFuture<T>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(call.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }
}
