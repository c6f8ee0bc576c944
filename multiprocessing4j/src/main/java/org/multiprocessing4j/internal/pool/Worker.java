package org.multiprocessing4j.internal.pool;

/** A worker of a {@link PoolEngine}, as the engine drives it; reports come back through the engine. */
interface Worker {

    String name();

    /** Hands a chunk to the worker (one at a time). */
    void send(PoolEngine.Job job);

    /** Stops chunk {@code chunkId} if the worker is running it (task timeout). */
    void abandon(long chunkId);

    /** No more tasks: the worker ends once idle. */
    void stop();

    /** Ends the worker now: SIGTERM for a JVM. */
    void terminate();

    /** Ends the worker at once: SIGKILL for a JVM. */
    void kill();
}
