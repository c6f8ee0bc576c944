package org.multiprocessing4j.managers;

import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.internal.manager.SyncTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;

/**
 * A manager with the standard types (Python's {@code SyncManager}, what
 * {@code multiprocessing.Manager()} returns). {@link Manager#start()} gives a started one.
 *
 * <table>
 *   <caption>What each factory returns</caption>
 *   <tr><th>method</th><th>proxy type</th><th>server object</th></tr>
 *   <tr><td>{@link #dict()}</td><td>{@code ConcurrentMap}</td><td>an insertion-ordered map</td></tr>
 *   <tr><td>{@link #list()}</td><td>{@code List}</td><td>an {@code ArrayList}</td></tr>
 *   <tr><td>{@link #namespace()}</td><td>{@link Namespace}</td><td>named attributes</td></tr>
 *   <tr><td>{@link #queue()}, {@link #queue(int)}</td><td>{@link Queue}</td><td>a FIFO queue</td></tr>
 *   <tr><td>{@link #joinableQueue()}</td><td>{@link JoinableQueue}</td><td>a FIFO queue with task counting</td></tr>
 *   <tr><td>{@link #lock()}</td><td>{@code java.util.concurrent.locks.Lock}</td><td>non-reentrant, any thread may unlock</td></tr>
 *   <tr><td>{@link #rLock()}</td><td>{@code java.util.concurrent.locks.Lock}</td><td>reentrant, owned by the calling thread</td></tr>
 *   <tr><td>{@link #semaphore(int)}, {@link #boundedSemaphore(int)}</td><td>{@link SemaphoreProxy}</td><td></td></tr>
 *   <tr><td>{@link #condition()}, {@link #condition(Lock)}</td><td>{@link ConditionProxy}</td><td></td></tr>
 *   <tr><td>{@link #event()}</td><td>{@link EventProxy}</td><td></td></tr>
 *   <tr><td>{@link #barrier(int)}</td><td>{@link BarrierProxy}</td><td></td></tr>
 *   <tr><td>{@link #value(Object)}</td><td>{@link ValueProxy}</td><td>any serialisable value</td></tr>
 *   <tr><td>{@link #array(int...)} and overloads</td><td>{@link ArrayProxy}</td><td>a fixed-length array</td></tr>
 *   <tr><td>{@link #pool(int)}</td><td>{@link PoolProxy}</td><td>a {@code Pool} in the manager's process</td></tr>
 * </table>
 *
 * <p>Our own {@code Lock}, {@code Event}, {@code Value}, ... are final shared-memory classes, so
 * the proxies implement a JDK interface where one fits and a small interface of this package
 * otherwise, with the same method names.
 *
 * <p><b>Maps and lists.</b> Each call is atomic on the server, including default methods such
 * as {@code compute}, {@code merge} or {@code removeIf} (their functions must be serialisable
 * and run on the server). Values are copies: mutating a value fetched from a proxy changes
 * nothing until it is put back, as in CPython; but a proxy stored in a proxy (a {@code list()}
 * inside a {@code dict()}) stays shared. Views are copies as well: {@code keySet()},
 * {@code values()}, {@code entrySet()} and {@code subList()} return snapshots, and
 * {@code iterator()}, {@code stream()} and {@code forEach} walk a snapshot fetched by one call
 * (modifying through them does not reach the server). {@code null} keys and values are allowed.
 *
 * <p>Thread-safe and process-safe.
 */
public class SyncManager extends BaseManager {

    /** A builder of a {@code SyncManager}. */
    public static Builder<SyncManager> builder() {
        return BaseManager.builder(SyncManager::new);
    }

    protected SyncManager(Builder<? extends BaseManager> builder) {
        super(builder);
        register("dict", ConcurrentMap.class, SyncTypes.Dict.class);
        register("list", List.class, SyncTypes.ListImpl.class);
        register("Namespace", Namespace.class, SyncTypes.NamespaceImpl.class);
        register("Queue", Queue.class, SyncTypes.QueueImpl.class);
        register("JoinableQueue", JoinableQueue.class, SyncTypes.JoinableQueueImpl.class);
        register("Lock", Lock.class, SyncTypes.PlainLock.class);
        register("RLock", Lock.class, SyncTypes.RLockImpl.class);
        register("Semaphore", SemaphoreProxy.class, SyncTypes.SemaphoreImpl.class);
        register("Condition", ConditionProxy.class, SyncTypes.ConditionImpl.class);
        register("Event", EventProxy.class, SyncTypes.EventImpl.class);
        register("Barrier", BarrierProxy.class, SyncTypes.BarrierImpl.class);
        register("Value", ValueProxy.class, SyncTypes.ValueImpl.class);
        register("Array", ArrayProxy.class, SyncTypes.ArrayImpl.class);
        register("Pool", PoolProxy.class, SyncTypes.PoolImpl.class);
    }

    @Override
    public SyncManager start() {
        super.start();
        return this;
    }

    @Override
    public SyncManager connect() {
        super.connect();
        return this;
    }

    /** A shared map ({@code manager.dict()}). */
    @SuppressWarnings("unchecked")
    public <K, V> ConcurrentMap<K, V> dict() {
        return create("dict", ConcurrentMap.class);
    }

    /** A shared list ({@code manager.list()}). */
    @SuppressWarnings("unchecked")
    public <E> List<E> list() {
        return create("list", List.class);
    }

    /** A shared list holding copies of {@code initial}'s elements ({@code manager.list(seq)}). */
    public <E> List<E> list(java.util.Collection<? extends E> initial) {
        Objects.requireNonNull(initial, "initial");
        List<E> l = list();
        l.addAll(List.copyOf(initial.stream().map(e -> (E) e).toList()));
        return l;
    }

    /** A shared namespace ({@code manager.Namespace()}). */
    public Namespace namespace() {
        return create("Namespace", Namespace.class);
    }

    /** An unbounded queue ({@code manager.Queue()}). */
    public <E> Queue<E> queue() {
        return queue(0);
    }

    /** A queue of at most {@code maxsize} items; {@code maxsize <= 0} is unbounded, as in CPython. */
    @SuppressWarnings("unchecked")
    public <E> Queue<E> queue(int maxsize) {
        return create("Queue", Queue.class, maxsize);
    }

    /** An unbounded joinable queue ({@code manager.JoinableQueue()}). */
    public <E> JoinableQueue<E> joinableQueue() {
        return joinableQueue(0);
    }

    /** A joinable queue of at most {@code maxsize} items ({@code <= 0}: unbounded). */
    @SuppressWarnings("unchecked")
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return create("JoinableQueue", JoinableQueue.class, maxsize);
    }

    /** A lock ({@code manager.Lock()}): not reentrant; any thread may unlock it, as CPython's. */
    public Lock lock() {
        return create("Lock", Lock.class);
    }

    /** A reentrant lock ({@code manager.RLock()}) owned by the client thread that locks it. */
    public Lock rLock() {
        return create("RLock", Lock.class);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public SemaphoreProxy semaphore(int value) {
        checkValue(value);
        return create("Semaphore", SemaphoreProxy.class, value, -1);
    }

    /**
     * A semaphore whose value may not exceed {@code value}.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public SemaphoreProxy boundedSemaphore(int value) {
        checkValue(value);
        return create("Semaphore", SemaphoreProxy.class, value, value);
    }

    private static void checkValue(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0: value=" + value);
        }
    }

    /** A condition over a reentrant lock of its own. */
    public ConditionProxy condition() {
        return create("Condition", ConditionProxy.class);
    }

    /**
     * A condition over {@code rLock}, which must be an {@link #rLock()} of this manager.
     *
     * @throws IllegalArgumentException otherwise
     */
    public ConditionProxy condition(Lock rLock) {
        Objects.requireNonNull(rLock, "rLock");
        return create("Condition", ConditionProxy.class, rLock);
    }

    /** An event, initially clear. */
    public EventProxy event() {
        return create("Event", EventProxy.class);
    }

    /**
     * A barrier for {@code parties} callers.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public BarrierProxy barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
        }
        return create("Barrier", BarrierProxy.class, parties);
    }

    /** A value holding a copy of {@code initial} ({@code manager.Value(typecode, value)}). */
    @SuppressWarnings("unchecked")
    public <T> ValueProxy<T> value(T initial) {
        return create("Value", ValueProxy.class, new Object[] {initial});
    }

    /** An array of ints ({@code manager.Array('i', values)}). */
    @SuppressWarnings("unchecked")
    public ArrayProxy<Integer> array(int... values) {
        return create("Array", ArrayProxy.class, Arrays.stream(values).boxed().toList());
    }

    /** An array of longs ({@code manager.Array('q', values)}). */
    @SuppressWarnings("unchecked")
    public ArrayProxy<Long> array(long... values) {
        return create("Array", ArrayProxy.class, Arrays.stream(values).boxed().toList());
    }

    /** An array of doubles ({@code manager.Array('d', values)}). */
    @SuppressWarnings("unchecked")
    public ArrayProxy<Double> array(double... values) {
        return create("Array", ArrayProxy.class, Arrays.stream(values).boxed().toList());
    }

    /** An array of any serialisable elements, a copy of {@code values}. */
    @SuppressWarnings("unchecked")
    public <T> ArrayProxy<T> array(List<T> values) {
        Objects.requireNonNull(values, "values");
        return create("Array", ArrayProxy.class, new java.util.ArrayList<>(values));
    }

    /**
     * A process pool of {@code processes} workers running in the manager's process.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public PoolProxy pool(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be >= 1: processes=" + processes);
        }
        return create("Pool", PoolProxy.class, processes);
    }
}
