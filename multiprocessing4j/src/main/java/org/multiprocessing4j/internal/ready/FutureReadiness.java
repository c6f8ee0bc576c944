package org.multiprocessing4j.internal.ready;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness of something that completes once, such as a process sentinel. One completion
 * callback per future serves every wait, so waiting on a long-running process many times does
 * not pile up callbacks on its future; a closed {@link WaitSet} simply stays in {@code sets}
 * until the next wake-up pass drops it.
 */
public final class FutureReadiness implements Readiness {

    private final CompletableFuture<?> future;
    private final Set<WaitSet> sets = ConcurrentHashMap.newKeySet();

    public FutureReadiness(CompletableFuture<?> future) {
        this.future = future;
        future.whenComplete((value, error) -> wakeAll());
    }

    @Override
    public boolean isReady() {
        return future.isDone();
    }

    @Override
    public void watch(WaitSet set) {
        sets.add(set);
        if (future.isDone()) {
            wakeAll();
        }
        sets.removeIf(WaitSet::isClosed);
    }

    private void wakeAll() {
        for (WaitSet s : sets) {
            s.wakeup();
            sets.remove(s);
        }
    }
}
