package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SimpleQueue;

import java.time.Duration;

/**
 * Where a context's objects live: the factories behind {@code Context}'s primitives, queues and
 * pipes. The local backend puts them in shared memory of this machine; another backend (the
 * Redis module) puts them on its server. Each method makes a new object with the semantics the
 * public type documents, which may be passed to any process of the context's start method.
 * Arguments are already checked by the caller only where a method says so; a backend checks
 * the rest and names the argument and value in its exception.
 */
public interface Backend {

    Lock lock();

    RLock rLock();

    /** @throws IllegalArgumentException if {@code value} is negative */
    Semaphore semaphore(int value);

    /** @throws IllegalArgumentException if {@code value} is negative */
    BoundedSemaphore boundedSemaphore(int value);

    /** A condition over {@code lock}, which this backend made. */
    Condition condition(Lock lock);

    /** A condition over {@code lock}, which this backend made. */
    Condition condition(RLock lock);

    Event event();

    /**
     * @param action run once per pass by the last party to arrive; null for none
     * @param timeout the default timeout of {@code await()}; null for none
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    Barrier barrier(int parties, SerializableRunnable action, Duration timeout);

    /** A queue of at most {@code maxsize} items; zero or negative means unbounded. */
    <E> Queue<E> queue(int maxsize);

    <E> SimpleQueue<E> simpleQueue();

    /** A joinable queue of at most {@code maxsize} items; zero or negative means unbounded. */
    <E> JoinableQueue<E> joinableQueue(int maxsize);

    /** With {@code duplex} false, {@code left} only receives and {@code right} only sends. */
    Pipe pipe(boolean duplex);
}
