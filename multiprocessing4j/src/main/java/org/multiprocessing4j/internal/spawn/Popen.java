package org.multiprocessing4j.internal.spawn;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A started process as its start method runs it (CPython's {@code popen_*} objects): a child
 * JVM for {@code "spawn"}, a thread for {@code "thread"}. Thread-safe.
 */
public interface Popen {

    /** The operating-system pid of the child (this JVM's own pid for a thread). */
    long pid();

    /** The exit code once the child has ended, otherwise null (CPython's {@code poll()}). */
    default Integer exitCode() {
        return onExit().getNow(null);
    }

    /**
     * Waits for the child to end.
     *
     * @param timeout null to wait without limit
     * @return whether the child has ended
     */
    default boolean await(Duration timeout) throws InterruptedException {
        return awaitDone(onExit(), timeout);
    }

    /**
     * Waits for {@code future} to complete, normally or not.
     *
     * @param timeout null to wait without limit; negative acts as zero
     * @return whether it has completed
     */
    static boolean awaitDone(CompletableFuture<?> future, Duration timeout) throws InterruptedException {
        try {
            if (timeout == null) {
                future.get();
            } else {
                future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // completed, if abnormally
        }
        return true;
    }

    /** Completes with the exit code when the child has ended. */
    CompletableFuture<Integer> onExit();

    /** Asks the child to end (SIGTERM); no effect once it has ended. */
    void terminate();

    /** Ends the child at once (SIGKILL); no effect once it has ended. */
    void kill();

    /** Releases what the start method holds for an ended child. */
    void close();
}
