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
import org.multiprocessing4j.internal.local.SharedBarrier;
import org.multiprocessing4j.internal.local.SharedBoundedSemaphore;
import org.multiprocessing4j.internal.local.SharedCondition;
import org.multiprocessing4j.internal.local.SharedEvent;
import org.multiprocessing4j.internal.local.SharedJoinableQueue;
import org.multiprocessing4j.internal.local.SharedLock;
import org.multiprocessing4j.internal.local.SharedQueue;
import org.multiprocessing4j.internal.local.SharedRLock;
import org.multiprocessing4j.internal.local.SharedSemaphore;
import org.multiprocessing4j.internal.local.SharedSimpleQueue;

import java.time.Duration;

/**
 * The local {@link Backend}: every object in shared memory of this machine's session
 * ({@code internal.local}), usable from threads and processes alike, under every local start
 * method.
 */
final class SharedMemoryBackend implements Backend {

    static final SharedMemoryBackend INSTANCE = new SharedMemoryBackend();

    private SharedMemoryBackend() {}

    @Override
    public Lock lock() {
        return SharedLock.create();
    }

    @Override
    public RLock rLock() {
        return SharedRLock.create();
    }

    @Override
    public Semaphore semaphore(int value) {
        return SharedSemaphore.create(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return SharedBoundedSemaphore.create(value);
    }

    @Override
    public Condition condition(Lock lock) {
        return SharedCondition.create(lock);
    }

    @Override
    public Condition condition(RLock lock) {
        return SharedCondition.create(lock);
    }

    @Override
    public Event event() {
        return SharedEvent.create();
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return SharedBarrier.create(parties, action, timeout);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return SharedQueue.create(maxsize);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return SharedSimpleQueue.create();
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return SharedJoinableQueue.create(maxsize);
    }

    @Override
    public Pipe pipe(boolean duplex) {
        return Pipe.open(duplex);
    }
}
