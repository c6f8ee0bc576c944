package org.multiprocessing4j.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another process makes true and that offers nothing to block on
 * (a file appearing, a pid disappearing): checks it every few milliseconds up to a limit.
 */
public final class Await {

    private Await() {}

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }

    /** Until the OS process {@code pid} has gone. */
    public static void processGone(long pid, Duration limit) {
        until("process " + pid + " has gone", limit,
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
}
