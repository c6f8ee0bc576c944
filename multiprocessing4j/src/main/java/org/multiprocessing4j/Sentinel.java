package org.multiprocessing4j;

import java.util.concurrent.CompletableFuture;

/**
 * Becomes ready when its process ends (Python's {@code Process.sentinel}). Pass it, or the
 * {@link Process} itself, to {@link Multiprocessing#wait}, {@link Multiprocessing#waitAny} or
 * {@link Multiprocessing#waitAll} to wait for several things at once. Thread-safe; valid in the
 * process that started the child.
 */
public final class Sentinel {

    private final String processName;
    private final CompletableFuture<?> done;

    Sentinel(String processName, CompletableFuture<?> done) {
        this.processName = processName;
        this.done = done;
    }

    /** Whether the process has ended. */
    public boolean isReady() {
        return done.isDone();
    }

    CompletableFuture<?> future() {
        return done;
    }

    @Override
    public String toString() {
        return "Sentinel[" + processName + (isReady() ? ", ready]" : "]");
    }
}
