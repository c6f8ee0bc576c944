package org.multiprocessing4j.internal.pool;

/**
 * Where the lazy feeder of {@code imap} sends its chunks: the local {@link PoolEngine}, or the
 * engine of a pool that runs elsewhere (a manager's pool). One feeder and one iterator serve
 * them all; see {@link ImapIterator#start}.
 */
public interface ChunkTarget {

    /** The number of workers, which sets how far the feeder reads ahead. */
    int processes();

    /**
     * A feeder starts; a target that is closed afterwards still takes its chunks until
     * {@link #endFeeder()}.
     *
     * @throws IllegalStateException if the target no longer accepts work
     */
    void beginFeeder();

    /**
     * Queues {@code fn} over {@code items}; {@code sink} gets one outcome per item, in order.
     *
     * @throws IllegalStateException if the target was terminated
     * @throws org.multiprocessing4j.SerializationException if the chunk cannot be sent (nothing was queued)
     */
    void submit(Object fn, Object[] items, PoolEngine.Sink sink);

    /** The feeder has submitted its last chunk. */
    void endFeeder();
}
