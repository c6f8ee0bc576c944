package org.multiprocessing4j.redis;

import org.multiprocessing4j.BooleanValue;
import org.multiprocessing4j.ByteArray;
import org.multiprocessing4j.ByteValue;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.CharValue;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.FloatArray;
import org.multiprocessing4j.FloatValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.ObjectValue;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.ShortArray;
import org.multiprocessing4j.ShortValue;
import org.multiprocessing4j.futures.ProcessPoolExecutor;
import org.multiprocessing4j.internal.context.AbstractContext;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.managers.Namespace;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.redis.internal.RedisBackend;
import org.multiprocessing4j.redis.internal.RedisDict;
import org.multiprocessing4j.redis.internal.RedisEvent;
import org.multiprocessing4j.redis.internal.RedisList;
import org.multiprocessing4j.redis.internal.RedisNamespace;
import org.multiprocessing4j.redis.internal.RedisQueue;
import org.multiprocessing4j.redis.internal.RedisSemaphore;
import org.multiprocessing4j.redis.internal.RedisStartMethod;
import org.multiprocessing4j.redis.internal.Session;
import org.multiprocessing4j.redis.internal.Sessions;
import org.multiprocessing4j.redis.internal.RedisValues;
import org.multiprocessing4j.redis.internal.RedisValues.Elem;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link Context} on a Redis-protocol server: queues, locks, semaphores, events, dicts, lists
 * and namespaces shared by every program of the same session on any host, and pools, executors
 * and processes whose work runs on host {@link Agent}s. Made by {@link #connect(RedisOptions)};
 * {@link #close()} leaves the session, and the last program to leave removes every key the
 * session made. Code written against {@code Context} runs unchanged on it: {@link #pool(int)}
 * is an ordinary {@link Pool} and {@link #executor(int)} an ordinary
 * {@link ProcessPoolExecutor}, over an engine that sends their chunks to the agents.
 *
 * <p>Passing objects to other processes: every object this context makes is serialisable. It
 * travels as a handle (the session's name and the object's key, no secret and no connection)
 * and works in a child process started by this program, in a pool task and in a process run
 * by an agent: the receiving JVM connects to the session with the options its process tree
 * published in its private session directory (a 0600 file; see {@code Sessions}), so the
 * password and authkey never travel through Redis, a command line or a log.
 *
 * <p>Objects made without a name are this context's own (a unique name, removed when the
 * session ends); objects made with a name ({@code queue("jobs")}) are found by that name by every
 * context of the same session, as CPython's remote managers share registered objects.
 *
 * <p>Pool settings: {@link #poolBuilder()} takes the settings of every pool (initializer,
 * {@code maxTasksPerChild}, {@code taskTimeout}, {@code memoryLimit}, {@code jvmArgs}), which
 * each agent applies to the local pool it runs the chunks in. The one setting of Redis alone,
 * how often a chunk whose agent or worker JVM died runs again, is chosen per pool with
 * {@link #poolBuilder(int)} and {@link #executor(int, int)} (default 0: such a chunk fails with
 * {@link org.multiprocessing4j.WorkerLostException} naming the host, as a local pool's task
 * whose worker died).
 *
 * <p>Failure: if the server does not answer for {@link RedisOptions#serverTimeout()}, or comes
 * back without the session's state (a restart without persistence), operations throw
 * {@link SessionLostException}, pending waits included; the context is then unusable.
 * Thread-safe.
 */
public final class RedisContext extends AbstractContext implements AutoCloseable {

    private final Session session;

    private RedisContext(Session session) {
        super(new RedisStartMethod(session, 0), new RedisBackend(session));
        this.session = session;
    }

    /**
     * Connects and joins the session named in {@code options}.
     *
     * @throws SessionLostException if the server cannot be reached or refuses the credentials
     */
    public static RedisContext connect(RedisOptions options) {
        var session = Session.open(options, "context", 16, null);
        Sessions.register(session);
        return new RedisContext(session);
    }

    /** The session this context belongs to. */
    public String session() {
        return session.options().session();
    }

    /**
     * As {@link #poolBuilder()}, for a pool whose chunks run again, up to {@code retries} times,
     * when the agent running them dies or loses its lease (on another agent) or when the worker
     * JVM running them on an agent dies (killed, crashed, out of memory: on any agent; a task
     * past its {@code taskTimeout} is not run again). Only use it for work that may safely run
     * twice.
     *
     * @throws IllegalArgumentException if {@code retries} is negative
     */
    public Pool.Builder poolBuilder(int retries) {
        return Access.pool().builder(retrying(retries));
    }

    /** An ordinary {@link ProcessPoolExecutor} whose tasks run on the session's agents. */
    public ProcessPoolExecutor executor(int maxWorkers) {
        return executor(maxWorkers, 0);
    }

    /**
     * As {@link #executor(int)}, with tasks run again up to {@code retries} times when their
     * agent or worker JVM dies (see {@link #poolBuilder(int)}).
     *
     * @throws IllegalArgumentException if {@code maxWorkers} is below 1 or {@code retries} negative
     */
    public ProcessPoolExecutor executor(int maxWorkers, int retries) {
        return Access.executor().builder(retrying(retries)).maxWorkers(maxWorkers).build();
    }

    private RedisStartMethod retrying(int retries) {
        return retries == 0 ? (RedisStartMethod) method() : new RedisStartMethod(session, retries);
    }

    /**
     * A started {@link SyncManager} on this machine, as CPython's {@code context.Manager()}
     * starts a local server process: its proxies reach that server over a socket, not Redis, so
     * they serve processes of this host (agents on other hosts cannot reach it). For objects
     * shared across hosts use the named {@link #dict(String)}, {@link #list(String)} and
     * {@link #namespace(String)} of this context. Close it to stop its server.
     */
    @Override
    public SyncManager manager() {
        return SyncManager.builder().build().start();
    }

    // ---- values and arrays (CPython's Value and Array; Context has no factory for them) ----

    /**
     * A new shared int (CPython's {@code Value('i', initial)}); with {@code lock}, its
     * {@code getLock()} is an RLock of this context to hold around compound updates. The other
     * element types follow the same pattern, as {@code Value.ofLong(..)} and the like do locally.
     */
    public IntValue intValue(int initial, boolean lock) {
        return value(Elem.INT, initial, lock);
    }

    /** A new shared long (CPython's {@code Value('q', initial)}); see {@link #intValue(int, boolean)}. */
    public LongValue longValue(long initial, boolean lock) {
        return value(Elem.LONG, initial, lock);
    }

    /** A new shared short (CPython's {@code Value('h', initial)}); see {@link #intValue(int, boolean)}. */
    public ShortValue shortValue(short initial, boolean lock) {
        return value(Elem.SHORT, initial, lock);
    }

    /** A new shared byte (CPython's {@code Value('b', initial)}); see {@link #intValue(int, boolean)}. */
    public ByteValue byteValue(byte initial, boolean lock) {
        return value(Elem.BYTE, initial, lock);
    }

    /** A new shared char (CPython's {@code Value('u', initial)}); see {@link #intValue(int, boolean)}. */
    public CharValue charValue(char initial, boolean lock) {
        return value(Elem.CHAR, initial, lock);
    }

    /** A new shared boolean (CPython's {@code Value('?', initial)}); see {@link #intValue(int, boolean)}. */
    public BooleanValue booleanValue(boolean initial, boolean lock) {
        return value(Elem.BOOLEAN, initial, lock);
    }

    /** A new shared float (CPython's {@code Value('f', initial)}); see {@link #intValue(int, boolean)}. */
    public FloatValue floatValue(float initial, boolean lock) {
        return value(Elem.FLOAT, initial, lock);
    }

    /** A new shared double (CPython's {@code Value('d', initial)}); see {@link #intValue(int, boolean)}. */
    public DoubleValue doubleValue(double initial, boolean lock) {
        return value(Elem.DOUBLE, initial, lock);
    }

    /**
     * A new shared object (a manager's {@code value(initial)}): a copy encoded as the context's
     * other objects are (its class must be allow-listed, see {@link RedisOptions}); see
     * {@link #intValue(int, boolean)}.
     */
    public <T> ObjectValue<T> objectValue(T initial, boolean lock) {
        return value(null, initial, lock);
    }

    private <V> V value(Elem elem, Object initial, boolean lock) {
        return RedisValues.value(session, RedisBackend.fresh(), elem, initial, lock);
    }

    /**
     * A new shared int array holding a copy of {@code values} (CPython's {@code Array('i', values)});
     * the other element types follow the same pattern.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public IntArray intArray(int[] values, boolean lock) {
        return array(Elem.INT, values, lock);
    }

    /** A new shared long array; see {@link #intArray(int[], boolean)}. */
    public LongArray longArray(long[] values, boolean lock) {
        return array(Elem.LONG, values, lock);
    }

    /** A new shared short array; see {@link #intArray(int[], boolean)}. */
    public ShortArray shortArray(short[] values, boolean lock) {
        return array(Elem.SHORT, values, lock);
    }

    /** A new shared byte array; see {@link #intArray(int[], boolean)}. */
    public ByteArray byteArray(byte[] values, boolean lock) {
        return array(Elem.BYTE, values, lock);
    }

    /** A new shared char array; see {@link #intArray(int[], boolean)}. */
    public CharArray charArray(char[] values, boolean lock) {
        return array(Elem.CHAR, values, lock);
    }

    /** A new shared float array; see {@link #intArray(int[], boolean)}. */
    public FloatArray floatArray(float[] values, boolean lock) {
        return array(Elem.FLOAT, values, lock);
    }

    /** A new shared double array; see {@link #intArray(int[], boolean)}. */
    public DoubleArray doubleArray(double[] values, boolean lock) {
        return array(Elem.DOUBLE, values, lock);
    }

    private <A> A array(Elem elem, Object values, boolean lock) {
        return RedisValues.array(session, RedisBackend.fresh(), elem, values, lock);
    }

    // ---- objects shared by name ----

    /** The session's queue named {@code name}, made on first use. */
    public <E> Queue<E> queue(String name) {
        return new RedisQueue<>(session, name(name), 0, false);
    }

    /**
     * The session's queue named {@code name}, bounded to {@code maxsize} by this handle (each
     * handle enforces the bound it was given).
     */
    public <E> Queue<E> queue(String name, int maxsize) {
        return new RedisQueue<>(session, name(name), maxsize, false);
    }

    /** The session's joinable queue named {@code name}. */
    public <E> JoinableQueue<E> joinableQueue(String name) {
        return new RedisQueue<>(session, name(name), 0, true);
    }

    /** The session's lock named {@code name}. */
    public Lock lock(String name) {
        return new RedisSemaphore(session, name(name), 1, 1, true);
    }

    /** The session's semaphore named {@code name}; {@code value} is its initial value if this call makes it. */
    public Semaphore semaphore(String name, int value) {
        return new RedisSemaphore(session, name(name), value, 0, false);
    }

    /** The session's event named {@code name}. */
    public Event event(String name) {
        return new RedisEvent(session, name(name));
    }

    /** The session's dict named {@code name} (a manager's {@code dict()}, shared by name). */
    public <K, V> ConcurrentMap<K, V> dict(String name) {
        return new RedisDict<>(session, name(name));
    }

    /** The session's list named {@code name}. */
    public <E> List<E> list(String name) {
        return new RedisList<>(session, name(name));
    }

    /** The session's namespace named {@code name}. */
    public Namespace namespace(String name) {
        return new RedisNamespace(session, name(name));
    }

    private static String name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 200 || name.startsWith("anon-")
                || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("name must be 1-200 printable characters without spaces, not starting "
                    + "with 'anon-': name=\"" + name + "\"");
        }
        return name;
    }

    /** For the package's tests: the session of this context. */
    Session sessionInternal() {
        return session;
    }

    /**
     * Leaves the session; when no other program of the session is alive, every key of the session
     * is deleted. Idempotent.
     */
    @Override
    public void close() {
        Sessions.unregister(session);
        session.close();
    }

    @Override
    public String toString() {
        return "RedisContext[" + session.options().address() + ", session " + session() + "]";
    }
}
