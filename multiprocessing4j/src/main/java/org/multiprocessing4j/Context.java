package org.multiprocessing4j;

import java.time.Duration;

/**
 * A start method and the factories bound to it (Python's {@code multiprocessing.get_context()}).
 * Objects a context creates use its start method whatever the process-wide default is.
 *
 * <ul>
 *   <li>{@code "spawn"} (the default): each process is a new child JVM.</li>
 *   <li>{@code "warm"}: each process runs in a child JVM that was booted ahead of time and
 *       waited for it, so {@code start()} costs milliseconds instead of a JVM start-up. Same
 *       semantics as {@code "spawn"}; the number of spares kept booted is the system property
 *       {@code multiprocessing4j.warm.spares} (default 1), and the first ones boot when this
 *       context is first asked for. A process with {@code jvmArgs} or {@code env} of its own
 *       cannot use a spare and is spawned afresh.</li>
 *   <li>{@code "thread"}: each process is a thread of this JVM, with the same API
 *       (Python's {@code multiprocessing.dummy}); nothing is serialised, and
 *       {@code terminate()}/{@code kill()} are refused.</li>
 * </ul>
 * Synchronisation primitives ({@link #lock()}, ...) live in shared memory under every start
 * method, so they work between threads of one JVM and between processes alike.
 *
 * <p>A context is the strategy (CPython's {@code BaseContext}): it decides how processes and
 * pools run and where the objects it makes live, and code written against this interface runs
 * unchanged on another implementation (the Redis module's {@code RedisContext} runs work on host
 * agents and keeps its objects on a Redis server). Contexts are immutable and thread-safe.
 */
public interface Context {

    /** The start method of this context. */
    String startMethod();

    /** A new, unstarted process running {@code target} with this context's start method. */
    Process process(SerializableRunnable target);

    /** A new, unstarted process called {@code name} running {@code target}. */
    Process process(SerializableRunnable target, String name);

    /** A new duplex {@link Pipe} (Python's {@code Pipe()}). */
    Pipe pipe();

    /** A new {@link Pipe}; with {@code duplex} false, {@code left} only receives and {@code right} only sends. */
    Pipe pipe(boolean duplex);

    /** A builder for a process with this context's start method. */
    Process.Builder processBuilder();

    /** A pool of {@code processes} workers with this context's start method. */
    Pool pool(int processes);

    /** A builder for a pool with this context's start method. */
    Pool.Builder poolBuilder();

    /**
     * A new unbounded {@link Queue} (Python's {@code Queue()}): {@code put} hands the item to a
     * feeder thread of the calling process and returns at once (see {@link Queue} for the one
     * exception, large items while getters drain a full ring).
     */
    <E> Queue<E> queue();

    /**
     * A new {@link Queue} holding at most {@code maxsize} items; as in CPython, {@code maxsize}
     * zero or negative means unbounded. A bounded queue's {@code put} writes the item before it
     * returns, waiting for room.
     */
    <E> Queue<E> queue(int maxsize);

    /** A new {@link SimpleQueue}. */
    <E> SimpleQueue<E> simpleQueue();

    /** A new unbounded {@link JoinableQueue}. */
    <E> JoinableQueue<E> joinableQueue();

    /** A new {@link JoinableQueue} of at most {@code maxsize} items (zero or negative: unbounded). */
    <E> JoinableQueue<E> joinableQueue(int maxsize);

    /**
     * A started {@link org.multiprocessing4j.managers.SyncManager} whose server process uses
     * this context's start method (Python's {@code ctx.Manager()}); close it to stop the server.
     */
    org.multiprocessing4j.managers.SyncManager manager();

    /** A new {@link Lock} (locally, the same shared-memory lock under every start method). */
    Lock lock();

    /** A new {@link RLock}. */
    RLock rLock();

    /** A new {@link Semaphore} with {@code value} permits. */
    Semaphore semaphore(int value);

    /** A new {@link BoundedSemaphore} with {@code value} permits, which is also its bound. */
    BoundedSemaphore boundedSemaphore(int value);

    /** A new {@link Condition} over a new {@link RLock}. */
    Condition condition();

    /** A new {@link Condition} over {@code lock}. */
    Condition condition(Lock lock);

    /** A new {@link Condition} over {@code lock}. */
    Condition condition(RLock lock);

    /** A new, clear {@link Event}. */
    Event event();

    /** A new {@link Barrier} for {@code parties} parties, without action or default timeout. */
    Barrier barrier(int parties);

    /**
     * A new {@link Barrier} for {@code parties} parties.
     *
     * @param action run once per pass by the last party to arrive; null for none
     * @param timeout the default timeout of {@link Barrier#await()}; null for none
     */
    Barrier barrier(int parties, SerializableRunnable action, Duration timeout);
}
