package org.multiprocessing4j.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * What a client of a manager asks of the pool the manager runs ({@code manager.pool(n)}): the
 * proxied interface behind {@link ManagerWorkerPool}, served by {@link ManagedPool}. Failures of
 * tasks come back in the engine's form (a {@code RemoteExecutionException} around the task's own
 * exception, or what the pool reported), so that the client's {@code Pool} reports them exactly
 * as a local pool does.
 */
public interface RemotePool {

    /** One outcome per item of a chunk: {@code failures} is null when every item succeeded. */
    record ChunkOutcome(Object[] values, Throwable[] failures) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The number of workers. */
    int processes();

    /**
     * Runs one chunk and returns an outcome per item: {@code kind} is a {@code Chunk.Kind}'s
     * name, {@code items} null for a call, {@code first} the index in the caller's input of
     * {@code items[0]} (calls are numbered by the manager's pool in the order it gets them).
     */
    ChunkOutcome chunk(String kind, Object fn, Object[] items, long first) throws Throwable;

    /** No new work; what was sent still runs. */
    void shutdown();

    /** Ends the workers now. */
    void terminate();

    /** Waits at most {@code timeout} (null: no limit) for the workers to end after a shutdown or terminate. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** The lifecycle state's name. */
    String state();
}
