package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.managers.ArrayProxy;
import org.multiprocessing4j.managers.BarrierProxy;
import org.multiprocessing4j.managers.ConditionProxy;
import org.multiprocessing4j.managers.EventProxy;
import org.multiprocessing4j.managers.Namespace;
import org.multiprocessing4j.managers.PoolProxy;
import org.multiprocessing4j.managers.SemaphoreProxy;
import org.multiprocessing4j.managers.ValueProxy;

import java.io.Serial;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The objects a {@code SyncManager}'s server holds, written over {@code java.util.concurrent}.
 * Those marked {@link Guarded} are plain containers: the server runs each call on them under
 * their monitor, so every call (default methods such as {@code compute} included) is atomic.
 * The others block (queues, locks, ...) and are thread-safe on their own.
 */
public final class SyncTypes {

    private SyncTypes() {}

    /** Calls on this object run under its monitor. */
    interface Guarded {}

    /** Told when the server drops the object (its last proxy was released). */
    interface Releasable {
        void released();
    }

    static long nanos(Duration timeout) {
        return Math.max(0, timeout.toNanos());
    }

    /** {@code dict()}: insertion-ordered like Python's dict; views are copies. */
    public static final class Dict<K, V> extends LinkedHashMap<K, V> implements ConcurrentMap<K, V>, Guarded {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Set<K> keySet() {
            return new LinkedHashSet<>(super.keySet());
        }

        @Override
        public Collection<V> values() {
            return new ArrayList<>(super.values());
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            var copy = new LinkedHashSet<Map.Entry<K, V>>();
            for (var e : super.entrySet()) {
                copy.add(new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
            return copy;
        }
    }

    /** {@code list()}: sub-lists are copies. */
    public static final class ListImpl<E> extends ArrayList<E> implements Guarded {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public List<E> subList(int fromIndex, int toIndex) {
            return new ArrayList<>(super.subList(fromIndex, toIndex));
        }
    }

    public static final class NamespaceImpl implements Namespace, Guarded {
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        public Object get(String name) {
            if (!attributes.containsKey(name)) {
                throw new NoSuchElementException("namespace has no attribute '" + name + "'");
            }
            return attributes.get(name);
        }

        @Override
        public void set(String name, Object value) {
            attributes.put(java.util.Objects.requireNonNull(name, "name"), value);
        }

        @Override
        public boolean has(String name) {
            return attributes.containsKey(name);
        }

        @Override
        public void delete(String name) {
            if (!attributes.containsKey(name)) {
                throw new NoSuchElementException("namespace has no attribute '" + name + "'");
            }
            attributes.remove(name);
        }

        @Override
        public String toString() {
            var j = new StringJoiner(", ", "Namespace(", ")");
            attributes.forEach((k, v) -> j.add(k + "=" + v));
            return j.toString();
        }
    }

    public static final class ValueImpl<T> implements ValueProxy<T>, Guarded {
        private T value;

        public ValueImpl(Object initial) {
            @SuppressWarnings("unchecked")
            T t = (T) initial;
            this.value = t;
        }

        @Override
        public T get() {
            return value;
        }

        @Override
        public void set(T value) {
            this.value = value;
        }

        @Override
        public T getAndUpdate(SerializableFunction<T, T> update) {
            T old = value;
            value = update.apply(old);
            return old;
        }

        @Override
        public String toString() {
            return "Value(" + value + ")";
        }
    }

    public static final class ArrayImpl<T> implements ArrayProxy<T>, Guarded {
        private final Object[] elements;

        public ArrayImpl(List<?> initial) {
            this.elements = initial.toArray();
        }

        @Override
        public int length() {
            return elements.length;
        }

        @SuppressWarnings("unchecked")
        @Override
        public T get(int index) {
            java.util.Objects.checkIndex(index, elements.length);
            return (T) elements[index];
        }

        @Override
        public void set(int index, T value) {
            java.util.Objects.checkIndex(index, elements.length);
            elements[index] = value;
        }

        @SuppressWarnings("unchecked")
        @Override
        public List<T> toList() {
            return new ArrayList<>((List<T>) Arrays.asList(elements));
        }

        @Override
        public String toString() {
            return "Array(" + Arrays.toString(elements) + ")";
        }
    }

    /** {@code queue()}: null items allowed; maxsize <= 0 means unbounded, as in CPython. */
    public static class QueueImpl<E> implements Queue<E> {
        final ReentrantLock lock = new ReentrantLock();
        private final Condition notEmpty = lock.newCondition();
        private final Condition notFull = lock.newCondition();
        private final ArrayDeque<Object> items = new ArrayDeque<>();
        private final int maxsize;
        private static final Object NULL = new Object();

        public QueueImpl(Integer maxsize) {
            this.maxsize = maxsize;
        }

        @Override
        public void put(E item) {
            offer(item, -1);
        }

        @Override
        public void put(E item, Duration timeout) {
            offer(item, nanos(timeout));
        }

        @Override
        public void putNowait(E item) {
            offer(item, 0);
        }

        private void offer(E item, long nanos) {
            try {
                lock.lockInterruptibly();
                try {
                    while (maxsize > 0 && items.size() >= maxsize) {
                        if (nanos < 0) {
                            notFull.await();
                        } else if (nanos == 0) {
                            throw new QueueFullException("queue is full: maxsize=" + maxsize);
                        } else {
                            nanos = notFull.awaitNanos(nanos);
                            if (nanos <= 0 && items.size() >= maxsize) {
                                throw new QueueFullException("queue stayed full: maxsize=" + maxsize);
                            }
                        }
                    }
                    items.addLast(item == null ? NULL : item);
                    added();
                    notEmpty.signal();
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("putting on a manager queue", e);
            }
        }

        void added() {}

        @Override
        public E get() {
            return take(-1);
        }

        @Override
        public E get(Duration timeout) {
            return take(nanos(timeout));
        }

        @Override
        public E getNowait() {
            return take(0);
        }

        @SuppressWarnings("unchecked")
        private E take(long nanos) {
            try {
                lock.lockInterruptibly();
                try {
                    while (items.isEmpty()) {
                        if (nanos < 0) {
                            notEmpty.await();
                        } else if (nanos == 0) {
                            throw new QueueEmptyException("queue is empty");
                        } else {
                            nanos = notEmpty.awaitNanos(nanos);
                            if (nanos <= 0 && items.isEmpty()) {
                                throw new QueueEmptyException("queue stayed empty");
                            }
                        }
                    }
                    Object o = items.removeFirst();
                    notFull.signal();
                    return o == NULL ? null : (E) o;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("getting from a manager queue", e);
            }
        }

        @Override
        public int qsize() {
            lock.lock();
            try {
                return items.size();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean empty() {
            return qsize() == 0;
        }

        @Override
        public boolean full() {
            return maxsize > 0 && qsize() >= maxsize;
        }

        @Override
        public void close() {
            // nothing to flush: items are on the server already
        }

        @Override
        public void joinThread() {}

        @Override
        public void cancelJoinThread() {}

        @Override
        public String toString() {
            return "Queue(qsize=" + qsize() + ", maxsize=" + maxsize + ")";
        }
    }

    public static final class JoinableQueueImpl<E> extends QueueImpl<E> implements JoinableQueue<E> {
        private final Condition allDone = lock.newCondition();
        private long unfinished;

        public JoinableQueueImpl(Integer maxsize) {
            super(maxsize);
        }

        @Override
        void added() {
            unfinished++;
        }

        @Override
        public void taskDone() {
            lock.lock();
            try {
                if (unfinished == 0) {
                    throw new IllegalStateException("taskDone() called more times than there were items put");
                }
                if (--unfinished == 0) {
                    allDone.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void join() {
            try {
                lock.lockInterruptibly();
                try {
                    while (unfinished > 0) {
                        allDone.await();
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("joining a manager queue", e);
            }
        }
    }

    /** {@code lock()}: not reentrant, and any thread may release it, as CPython's Lock. */
    public static final class PlainLock implements Lock {
        private final java.util.concurrent.Semaphore permit = new java.util.concurrent.Semaphore(1);

        @Override
        public void lock() {
            permit.acquireUninterruptibly();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            permit.acquire();
        }

        @Override
        public boolean tryLock() {
            return permit.tryAcquire();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return permit.tryAcquire(time, unit);
        }

        @Override
        public void unlock() {
            synchronized (permit) {
                if (permit.availablePermits() > 0) {
                    throw new IllegalStateException("release of an unlocked lock");
                }
                permit.release();
            }
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("use the manager's condition() instead");
        }

        @Override
        public String toString() {
            return "Lock(" + (permit.availablePermits() == 0 ? "locked" : "unlocked") + ")";
        }
    }

    /** {@code rLock()}: owned by the (client) thread that took it. */
    public static final class RLockImpl extends ReentrantLock {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("use the manager's condition(rLock) instead");
        }

        Condition condition() {
            return super.newCondition();
        }
    }

    public static final class SemaphoreImpl implements SemaphoreProxy {
        private final java.util.concurrent.Semaphore permits;
        private final int bound;

        /** @param bound the initial value for a bounded semaphore, or -1 */
        public SemaphoreImpl(Integer value, Integer bound) {
            if (value < 0) {
                throw new IllegalArgumentException("value must be >= 0: value=" + value);
            }
            this.permits = new java.util.concurrent.Semaphore(value);
            this.bound = bound;
        }

        @Override
        public void acquire() {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager semaphore", e);
            }
        }

        @Override
        public boolean acquire(boolean block) {
            if (block) {
                acquire();
                return true;
            }
            return permits.tryAcquire();
        }

        @Override
        public boolean acquire(Duration timeout) {
            try {
                return permits.tryAcquire(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager semaphore", e);
            }
        }

        @Override
        public synchronized void release() {
            if (bound >= 0 && permits.availablePermits() >= bound) {
                throw new IllegalStateException("bounded semaphore released too many times: bound=" + bound);
            }
            permits.release();
        }

        @Override
        public int getValue() {
            return permits.availablePermits();
        }

        @Override
        public String toString() {
            return (bound >= 0 ? "BoundedSemaphore(value=" : "Semaphore(value=") + getValue() + ")";
        }
    }

    public static final class ConditionImpl implements ConditionProxy {
        private final ReentrantLock lock;
        private final Condition condition;

        public ConditionImpl() {
            this(new RLockImpl());
        }

        /** Over an {@code rLock()} of the same manager (the proxy decodes to the server's own). */
        public ConditionImpl(Lock rLockProxy) {
            this(Server.unwrap(rLockProxy, RLockImpl.class, "condition(lock) needs an rLock() of the same manager"));
        }

        private ConditionImpl(RLockImpl lock) {
            this.lock = lock;
            this.condition = lock.condition();
        }

        @Override
        public void acquire() {
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager condition's lock", e);
            }
        }

        @Override
        public boolean acquire(Duration timeout) {
            try {
                return lock.tryLock(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("acquiring a manager condition's lock", e);
            }
        }

        @Override
        public void release() {
            lock.unlock();
        }

        @Override
        public void await() {
            try {
                condition.await();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager condition", e);
            }
        }

        @Override
        public boolean await(Duration timeout) {
            try {
                return condition.awaitNanos(nanos(timeout)) > 0;
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager condition", e);
            }
        }

        @Override
        public void signal() {
            condition.signal();
        }

        @Override
        public void signal(int n) {
            for (int i = 0; i < n; i++) {
                condition.signal();
            }
        }

        @Override
        public void signalAll() {
            condition.signalAll();
        }

        @Override
        public String toString() {
            return "Condition(" + lock + ")";
        }
    }

    public static final class EventImpl implements EventProxy {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized void await() {
            try {
                while (!flag) {
                    wait();
                }
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager event", e);
            }
        }

        @Override
        public synchronized boolean await(Duration timeout) {
            long deadline = System.nanoTime() + nanos(timeout);
            try {
                while (!flag) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                return true;
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting on a manager event", e);
            }
        }

        @Override
        public synchronized String toString() {
            return "Event(" + (flag ? "set" : "unset") + ")";
        }
    }

    public static final class BarrierImpl implements BarrierProxy {
        private final CyclicBarrier barrier;

        public BarrierImpl(Integer parties) {
            if (parties < 1) {
                throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
            }
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public int await() {
            checkNotAborted();
            try {
                return barrier.getParties() - 1 - barrier.await();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting at a manager barrier", e);
            } catch (java.util.concurrent.BrokenBarrierException e) {
                throw new BrokenBarrierException("the barrier is broken");
            }
        }

        @Override
        public int await(Duration timeout) {
            checkNotAborted();
            try {
                return barrier.getParties() - 1 - barrier.await(nanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting at a manager barrier", e);
            } catch (java.util.concurrent.BrokenBarrierException | TimeoutException e) {
                throw new BrokenBarrierException(e instanceof TimeoutException
                        ? "the barrier broke: timed out after " + timeout : "the barrier is broken");
            }
        }

        @Override
        public void abort() {
            // CyclicBarrier breaks when a waiter is interrupted; reset() breaks it for current waiters
            barrier.reset();
            broken = true;
        }

        private volatile boolean broken;

        private void checkNotAborted() {
            if (broken) {
                throw new BrokenBarrierException("the barrier is broken (aborted)");
            }
        }

        @Override
        public void reset() {
            broken = false;
            barrier.reset();
        }

        @Override
        public int parties() {
            return barrier.getParties();
        }

        @Override
        public int nWaiting() {
            return barrier.getNumberWaiting();
        }

        @Override
        public boolean isBroken() {
            return broken || barrier.isBroken();
        }

        @Override
        public String toString() {
            return "Barrier(parties=" + parties() + ", waiting=" + nWaiting() + (isBroken() ? ", broken)" : ")");
        }
    }

    public static final class PoolImpl implements PoolProxy, Releasable {
        private final Pool pool;

        public PoolImpl(Integer processes) {
            this.pool = Pool.builder().processes(processes).build();
        }

        @Override
        public <R> R apply(SerializableCallable<R> task) {
            return pool.apply(task);
        }

        @Override
        public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items) {
            return pool.map(function, items);
        }

        @Override
        public void close() {
            pool.close();
        }

        @Override
        public void terminate() {
            pool.terminate();
        }

        @Override
        public void released() {
            pool.terminate();
        }

        @Override
        public void join() {
            pool.join();
        }

        @Override
        public String toString() {
            return pool.toString();
        }
    }
}
