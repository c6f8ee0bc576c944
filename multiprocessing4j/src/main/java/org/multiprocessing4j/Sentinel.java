package org.multiprocessing4j;

import org.multiprocessing4j.internal.ready.FutureReadiness;
import org.multiprocessing4j.internal.ready.Readiness;

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
    private volatile Readiness readiness;

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

    /** For {@link Multiprocessing#wait}: one readiness (and one completion callback) per sentinel. */
    Readiness readiness() {
        Readiness r = readiness;
        if (r == null) {
            synchronized (this) {
                if (readiness == null) {
                    readiness = new FutureReadiness(done);
                }
                r = readiness;
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "Sentinel[" + processName + (isReady() ? ", ready]" : "]");
    }
}
