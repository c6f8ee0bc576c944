package org.multiprocessing4j.contract;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.Value;

/** The shared-memory implementations, with processes of one local start method. */
public final class LocalBackend implements ContractBackend {

    private final Context context;

    public LocalBackend(String startMethod) {
        this.context = Multiprocessing.getContext(startMethod);
    }

    @Override
    public Lock lock() {
        return context.lock();
    }

    @Override
    public RLock rLock() {
        return context.rLock();
    }

    @Override
    public Semaphore semaphore(int value) {
        return context.semaphore(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return context.boundedSemaphore(value);
    }

    @Override
    public Condition condition() {
        return context.condition();
    }

    @Override
    public Event event() {
        return context.event();
    }

    @Override
    public Barrier barrier(int parties) {
        return context.barrier(parties);
    }

    @Override
    public IntValue intValue(int initial) {
        return Value.ofInt(initial);
    }

    @Override
    public DoubleValue doubleValue(double initial) {
        return Value.ofDouble(initial);
    }

    @Override
    public IntArray intArray(int... values) {
        return SharedArray.ofInts(values);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return context.queue(maxsize);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return context.joinableQueue(maxsize);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return context.simpleQueue();
    }

    @Override
    public Process process(SerializableRunnable target) {
        return context.process(target);
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "shared memory, " + context.startMethod();
    }
}
