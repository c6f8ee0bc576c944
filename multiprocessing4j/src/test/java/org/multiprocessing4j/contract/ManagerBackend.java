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
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.SyncManager;

/** A started SyncManager's proxies, used from this JVM and from spawned children. */
public final class ManagerBackend implements ContractBackend {

    private final SyncManager manager = Manager.start();

    @Override
    public Lock lock() {
        return manager.lock();
    }

    @Override
    public RLock rLock() {
        return manager.rLock();
    }

    @Override
    public Semaphore semaphore(int value) {
        return manager.semaphore(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return manager.boundedSemaphore(value);
    }

    @Override
    public Condition condition() {
        return manager.condition();
    }

    @Override
    public Event event() {
        return manager.event();
    }

    @Override
    public Barrier barrier(int parties) {
        return manager.barrier(parties);
    }

    @Override
    public IntValue intValue(int initial) {
        return manager.value(initial);
    }

    @Override
    public DoubleValue doubleValue(double initial) {
        return manager.value(initial);
    }

    @Override
    public IntArray intArray(int... values) {
        return manager.array(values);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return manager.queue(maxsize);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return manager.joinableQueue(maxsize);
    }

    /** Managers have no SimpleQueue (neither has CPython's); the suite is not run on them. */
    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        throw new UnsupportedOperationException("a manager has no SimpleQueue");
    }

    @Override
    public Process process(SerializableRunnable target) {
        return Multiprocessing.getContext("spawn").process(target);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "manager proxies";
    }
}
