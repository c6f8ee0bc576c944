package org.multiprocessing4j.internal.manager;

import java.io.Serial;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;
import org.multiprocessing4j.managers.Namespace;

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
import java.util.concurrent.TimeUnit;

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

    /** A queue call's timeout: null (no limit) is -1, a negative one zero. */
    static long nanos(Duration timeout) {
        return timeout == null ? -1 : SyncPrimitives.nanos(timeout);
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

    public static class QueueImpl<E> implements Queue<E> {
        final ReentrantLock lock = new ReentrantLock();
        private final java.util.concurrent.locks.Condition notEmpty = lock.newCondition();
        private final java.util.concurrent.locks.Condition notFull = lock.newCondition();
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
        private final java.util.concurrent.locks.Condition allDone = lock.newCondition();
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
}
