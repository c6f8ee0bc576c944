package org.multiprocessing4j;

import org.multiprocessing4j.internal.context.Backend;

import java.time.Duration;

/**
 * The local {@link Backend}: every object in shared memory of this machine's session, usable
 * from threads and processes alike. It lives in this package only while the shared-memory
 * implementations are package-private here; they move under {@code internal}, and it with them.
 */
final class SharedMemoryBackend implements Backend {

    static final SharedMemoryBackend INSTANCE = new SharedMemoryBackend();

    private SharedMemoryBackend() {}

    @Override
    public Lock lock() {
        return Lock.create();
    }

    @Override
    public RLock rLock() {
        return RLock.create();
    }

    @Override
    public Semaphore semaphore(int value) {
        return Semaphore.create(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return BoundedSemaphore.create(value);
    }

    @Override
    public Condition condition(Lock lock) {
        return Condition.create(lock);
    }

    @Override
    public Condition condition(RLock lock) {
        return Condition.create(lock);
    }

    @Override
    public Event event() {
        return Event.create();
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return Barrier.create(parties, action, timeout);
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
