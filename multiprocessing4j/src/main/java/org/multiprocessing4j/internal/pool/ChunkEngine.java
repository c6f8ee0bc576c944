package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.ProgressListener;

/**
 * What the operations of a pool ({@link PoolOps}: apply, map, imap, an executor's submit) need of
 * the engine that runs chunks: queue a chunk and hear its outcome once. {@link PoolEngine} runs
 * chunks on this machine's workers; another backend (the Redis module's agents) implements this
 * interface and gets the same {@code AsyncResult}s, map collection, lazy {@code imap} and
 * executor futures without a second copy of them.
 *
 * <p>Implementations are thread-safe. Every chunk submitted and not cancelled reaches its sink
 * exactly once, on one result thread at a time, so sinks (and the user callbacks they run) see
 * outcomes in the order the engine delivers them.
 */
public interface ChunkEngine {

    /** Receives the outcome of a chunk, on the pool's result thread: one value or failure per item. */
    interface Sink {
        void completed(Object[] values, Throwable[] failures);

        /**
         * Whether the sink runs no user code (no callback, no progress listener), so it may run
         * on the thread that received the result, saving a thread hand-off per task.
         */
        default boolean runsNoUserCode() {
            return false;
        }
    }

    /** The number of workers the pool was asked for (map's default chunk size and imap's read-ahead follow it). */
    int processes();

    /** The pool's progress listener, or null. */
    ProgressListener progress();

    /**
     * Queues a callable ({@link Chunk.Kind#CALL}, {@code items} null) or a function over
     * {@code items}. Serialises in the caller, so an unserialisable task raises here and nothing
     * is queued.
     *
     * @param first for a function over items, the index in the whole input of {@code items[0]},
     *        by which messages name the items; ignored for a callable, which the engine numbers
     *        in the order of submission (both from 0)
     * @param feeder true when called by a lazy feeder registered with {@link #beginFeeder()},
     *        which may still submit after a shutdown
     * @return the chunk's id, for {@link #cancelQueued(long)}
     * @throws IllegalStateException if the pool no longer accepts work
     */
    long submit(Chunk.Kind kind, Object fn, Object[] items, long first, Sink sink, boolean feeder);

    /**
     * Takes chunk {@code chunkId} out of the queue if no worker has taken it yet; its sink is
     * never called then.
     *
     * @return whether it was taken out
     */
    boolean cancelQueued(long chunkId);

    /** Whether the pool broke by itself (not by terminate()), so that refusals say so. */
    boolean isBroken();

    /** A lazy feeder (imap) starts: the pool does not end while it may still submit after shutdown. */
    void beginFeeder();

    /** The feeder registered by {@link #beginFeeder()} has submitted its last chunk. */
    void endFeeder();
}
