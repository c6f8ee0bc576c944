package org.multiprocessing4j.contract;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SimpleQueue;

/**
 * What the contract suites need of an implementation of the API: the factories of one backend
 * and a way to run code in another process of it. A new backend is one implementation of this
 * and one small subclass per suite (JCTools' {@code QueueSanityTest} pattern).
 */
public interface ContractBackend extends AutoCloseable {

    Lock lock();

    RLock rLock();

    Semaphore semaphore(int value);

    BoundedSemaphore boundedSemaphore(int value);

    /** A condition over a new RLock of the backend. */
    Condition condition();

    Event event();

    Barrier barrier(int parties);

    IntValue intValue(int initial);

    DoubleValue doubleValue(double initial);

    IntArray intArray(int... values);

    <E> Queue<E> queue(int maxsize);

    <E> JoinableQueue<E> joinableQueue(int maxsize);

    <E> SimpleQueue<E> simpleQueue();

    /** An unstarted process of the backend's context running {@code target}. */
    Process process(SerializableRunnable target);

    @Override
    void close();
}
