package org.multiprocessing4j.managers;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BooleanValue;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.ByteArray;
import org.multiprocessing4j.ByteValue;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.CharValue;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.FloatArray;
import org.multiprocessing4j.FloatValue;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.ObjectValue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.ShortArray;
import org.multiprocessing4j.ShortValue;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.manager.ManagedPool;
import org.multiprocessing4j.internal.manager.ManagedValues;
import org.multiprocessing4j.internal.manager.ManagerWorkerPool;
import org.multiprocessing4j.internal.manager.RemotePool;
import org.multiprocessing4j.internal.manager.SyncPrimitives;
import org.multiprocessing4j.internal.manager.SyncTypes;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;

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
 *   <tr><td>{@link #lock()}</td><td>{@link Lock}</td><td>non-reentrant, any thread may release</td></tr>
 *   <tr><td>{@link #rLock()}</td><td>{@link RLock}</td><td>reentrant, owned by the calling thread</td></tr>
 *   <tr><td>{@link #semaphore(int)}, {@link #boundedSemaphore(int)}</td><td>{@link Semaphore}, {@link BoundedSemaphore}</td><td></td></tr>
 *   <tr><td>{@link #condition()}, {@link #condition(RLock)}</td><td>{@link Condition}</td><td>over an {@code rLock()} of the manager</td></tr>
 *   <tr><td>{@link #event()}</td><td>{@link Event}</td><td></td></tr>
 *   <tr><td>{@link #barrier(int)}</td><td>{@link Barrier}</td><td></td></tr>
 *   <tr><td>{@link #value(int)} and the other primitive overloads</td><td>{@link IntValue}, {@link LongValue}, ...</td><td>no lock; each call atomic</td></tr>
 *   <tr><td>{@link #value(Object)}</td><td>{@link ObjectValue}</td><td>any serialisable value</td></tr>
 *   <tr><td>{@link #array(int...)} and overloads</td><td>{@link IntArray}, {@link LongArray}, ...</td><td>a fixed-length array, no lock</td></tr>
 *   <tr><td>{@link #pool(int)}</td><td>{@link Pool}</td><td>a pool whose workers the manager's process runs</td></tr>
 * </table>
 *
 * <p>The primitives are the same interfaces the local factories return ({@link Lock}, {@link Event},
 * {@link IntValue}, ...), so code written against them takes a manager's object or a local one.
 * What differs is written on each interface: a manager's lock does not report a dead owner
 * (it stays held, as CPython's), its values and arrays have no lock ({@code getLock()} is null;
 * each call is atomic on the server), and its locks make no conditions ({@code newCondition()}
 * throws; use {@link #condition(RLock)}). Default methods of these interfaces run in the proxy's
 * process: {@code lock()}, {@code tryLock()} and {@code Condition.waitFor} (whose predicate is
 * evaluated where it was written) call the manager through the others.
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
        register("Lock", Lock.class, SyncPrimitives.PlainLock.class);
        register("RLock", RLock.class, SyncPrimitives.RLockImpl.class);
        register("Semaphore", Semaphore.class, SyncPrimitives.SemaphoreImpl.class);
        register("BoundedSemaphore", BoundedSemaphore.class, SyncPrimitives.BoundedSemaphoreImpl.class);
        register("Condition", Condition.class, SyncPrimitives.ConditionImpl.class);
        register("Event", Event.class, SyncPrimitives.EventImpl.class);
        register("Barrier", Barrier.class, SyncPrimitives.BarrierImpl.class);
        register("ObjectValue", ObjectValue.class, ManagedValues.ObjectValueImpl.class);
        register("IntValue", IntValue.class, ManagedValues.IntValueImpl.class);
        register("LongValue", LongValue.class, ManagedValues.LongValueImpl.class);
        register("DoubleValue", DoubleValue.class, ManagedValues.DoubleValueImpl.class);
        register("FloatValue", FloatValue.class, ManagedValues.FloatValueImpl.class);
        register("ShortValue", ShortValue.class, ManagedValues.ShortValueImpl.class);
        register("ByteValue", ByteValue.class, ManagedValues.ByteValueImpl.class);
        register("CharValue", CharValue.class, ManagedValues.CharValueImpl.class);
        register("BooleanValue", BooleanValue.class, ManagedValues.BooleanValueImpl.class);
        register("IntArray", IntArray.class, ManagedValues.IntArrayImpl.class);
        register("LongArray", LongArray.class, ManagedValues.LongArrayImpl.class);
        register("DoubleArray", DoubleArray.class, ManagedValues.DoubleArrayImpl.class);
        register("FloatArray", FloatArray.class, ManagedValues.FloatArrayImpl.class);
        register("ShortArray", ShortArray.class, ManagedValues.ShortArrayImpl.class);
        register("ByteArray", ByteArray.class, ManagedValues.ByteArrayImpl.class);
        register("CharArray", CharArray.class, ManagedValues.CharArrayImpl.class);
        register("Pool", RemotePool.class, ManagedPool.class);
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

    /** A lock ({@code manager.Lock()}): not reentrant; any thread may release it, as CPython's. */
    public Lock lock() {
        return create("Lock", Lock.class);
    }

    /** A reentrant lock ({@code manager.RLock()}) owned by the client thread that acquires it. */
    public RLock rLock() {
        return create("RLock", RLock.class);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public Semaphore semaphore(int value) {
        checkValue(value);
        return create("Semaphore", Semaphore.class, value);
    }

    /**
     * A semaphore whose value may not exceed {@code value}.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public BoundedSemaphore boundedSemaphore(int value) {
        checkValue(value);
        return create("BoundedSemaphore", BoundedSemaphore.class, value);
    }

    private static void checkValue(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0: value=" + value);
        }
    }

    /** A condition over a new {@link #rLock()} of this manager, which its {@code getLock()} returns. */
    public Condition condition() {
        return condition(rLock());
    }

    /**
     * A condition over {@code rLock}, which must be an {@link #rLock()} of this manager.
     *
     * @throws IllegalArgumentException otherwise
     */
    public Condition condition(RLock rLock) {
        Objects.requireNonNull(rLock, "rLock");
        return create("Condition", Condition.class, rLock);
    }

    /** An event, initially clear. */
    public Event event() {
        return create("Event", Event.class);
    }

    /**
     * A barrier for {@code parties} callers.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
        }
        return create("Barrier", Barrier.class, parties);
    }

    /**
     * A value holding a copy of {@code initial}, any serialisable object
     * ({@code manager.Value(typecode, value)}). A primitive argument picks the typed overload
     * ({@code value(0)} is an {@link IntValue}); a boxed one ({@code Integer x; value(x)}) this one.
     */
    @SuppressWarnings("unchecked")
    public <T> ObjectValue<T> value(T initial) {
        return create("ObjectValue", ObjectValue.class, new Object[] {initial});
    }

    /** A int value ({@code manager.Value('i', initial)}); each call, the atomics included, is atomic. */
    public IntValue value(int initial) {
        return create("IntValue", IntValue.class, initial);
    }

    /** A long value ({@code manager.Value('q', initial)}); each call, the atomics included, is atomic. */
    public LongValue value(long initial) {
        return create("LongValue", LongValue.class, initial);
    }

    /** A double value ({@code manager.Value('d', initial)}); each call, the atomics included, is atomic. */
    public DoubleValue value(double initial) {
        return create("DoubleValue", DoubleValue.class, initial);
    }

    /** A float value ({@code manager.Value('f', initial)}); each call, the atomics included, is atomic. */
    public FloatValue value(float initial) {
        return create("FloatValue", FloatValue.class, initial);
    }

    /** A short value ({@code manager.Value('h', initial)}); each call, the atomics included, is atomic. */
    public ShortValue value(short initial) {
        return create("ShortValue", ShortValue.class, initial);
    }

    /** A byte value ({@code manager.Value('b', initial)}); each call, the atomics included, is atomic. */
    public ByteValue value(byte initial) {
        return create("ByteValue", ByteValue.class, initial);
    }

    /** A char value ({@code manager.Value('u', initial)}); each call, the atomics included, is atomic. */
    public CharValue value(char initial) {
        return create("CharValue", CharValue.class, initial);
    }

    /** A boolean value ({@code manager.Value('?', initial)}); each call, the atomics included, is atomic. */
    public BooleanValue value(boolean initial) {
        return create("BooleanValue", BooleanValue.class, initial);
    }

    /** An array of ints, a copy of {@code values} ({@code manager.Array('i', values)}). */
    public IntArray array(int... values) {
        Objects.requireNonNull(values, "values");
        return create("IntArray", IntArray.class, (Object) values);
    }

    /** An array of longs, a copy of {@code values} ({@code manager.Array('q', values)}). */
    public LongArray array(long... values) {
        Objects.requireNonNull(values, "values");
        return create("LongArray", LongArray.class, (Object) values);
    }

    /** An array of doubles, a copy of {@code values} ({@code manager.Array('d', values)}). */
    public DoubleArray array(double... values) {
        Objects.requireNonNull(values, "values");
        return create("DoubleArray", DoubleArray.class, (Object) values);
    }

    /** An array of floats, a copy of {@code values} ({@code manager.Array('f', values)}). */
    public FloatArray array(float... values) {
        Objects.requireNonNull(values, "values");
        return create("FloatArray", FloatArray.class, (Object) values);
    }

    /** An array of shorts, a copy of {@code values} ({@code manager.Array('h', values)}). */
    public ShortArray array(short... values) {
        Objects.requireNonNull(values, "values");
        return create("ShortArray", ShortArray.class, (Object) values);
    }

    /** An array of bytes, a copy of {@code values} ({@code manager.Array('b', values)}). */
    public ByteArray array(byte... values) {
        Objects.requireNonNull(values, "values");
        return create("ByteArray", ByteArray.class, (Object) values);
    }

    /** An array of chars, a copy of {@code values} ({@code manager.Array('u', values)}). */
    public CharArray array(char... values) {
        Objects.requireNonNull(values, "values");
        return create("CharArray", CharArray.class, (Object) values);
    }

    /**
     * A process pool of {@code processes} workers that the manager's process runs
     * ({@code manager.Pool(n)}): a {@link Pool} like a local one — {@code apply}, {@code map},
     * {@code starmap}, {@code imap}, callbacks (run in this process), {@code close},
     * {@code terminate}, {@code join} — whose tasks go through the manager to its workers.
     * Tasks, their arguments and results must be serialisable (on a TCP manager, of classes
     * its allow-list accepts); their exceptions are reported as a local pool reports them.
     * Closing the pool ends its workers; shutting the manager down ends them too. Like the
     * manager's other objects, the pool may be passed to other processes (a child's copy uses
     * the same workers; closing any copy closes the pool for all).
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public Pool pool(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be >= 1: processes=" + processes);
        }
        return Access.pool().wrap(new ManagerWorkerPool(create("Pool", RemotePool.class, processes)));
    }
}
