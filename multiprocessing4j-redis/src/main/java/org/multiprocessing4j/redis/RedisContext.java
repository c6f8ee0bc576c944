package org.multiprocessing4j.redis;

import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.managers.Namespace;
import org.multiprocessing4j.redis.internal.RedisDict;
import org.multiprocessing4j.redis.internal.RedisEvent;
import org.multiprocessing4j.redis.internal.RedisList;
import org.multiprocessing4j.redis.internal.RedisNamespace;
import org.multiprocessing4j.redis.internal.RedisQueue;
import org.multiprocessing4j.redis.internal.RedisSemaphore;
import org.multiprocessing4j.redis.internal.Session;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/**
 * The multiprocessing API on a Redis-protocol server: queues, locks, semaphores, events, dicts,
 * lists and namespaces shared
 * by every program of the same session on any host, and pools whose work runs on host
 * {@link Agent}s. Made by {@link #connect(RedisOptions)}; {@link #close()} leaves the session,
 * and the last program to leave removes every key the session made.
 *
 * <p>Objects made without a name are this context's own (a unique name, removed when the
 * session ends); objects made with a name ({@code queue("jobs")}) are found by that name by every
 * context of the same session, as CPython's remote managers share registered objects.
 *
 * <p>Failure: if the server does not answer for {@link RedisOptions#serverTimeout()}, or comes
 * back without the session's state (a restart without persistence), operations throw
 * {@link SessionLostException}, pending waits included; the context is then unusable.
 * Thread-safe.
 */
public final class RedisContext implements AutoCloseable {

    private final Session session;

    private RedisContext(Session session) {
        this.session = session;
    }

    /**
     * Connects and joins the session named in {@code options}.
     *
     * @throws SessionLostException if the server cannot be reached or refuses the credentials
     */
    public static RedisContext connect(RedisOptions options) {
        return new RedisContext(Session.open(options, "context", 16, null));
    }

    /** The session this context belongs to. */
    public String session() {
        return session.options().session();
    }

    private static String fresh() {
        return "anon-" + UUID.randomUUID();
    }

    /** An unbounded queue of this context's own. */
    public <E> Queue<E> queue() {
        return new RedisQueue<>(session, fresh(), 0, false);
    }

    /** A queue of at most {@code maxsize} items (0: unbounded). */
    public <E> Queue<E> queue(int maxsize) {
        return new RedisQueue<>(session, fresh(), maxsize, false);
    }

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

    public <E> SimpleQueue<E> simpleQueue() {
        return new RedisQueue<>(session, fresh(), 0, false);
    }

    public <E> JoinableQueue<E> joinableQueue() {
        return new RedisQueue<>(session, fresh(), 0, true);
    }

    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return new RedisQueue<>(session, fresh(), maxsize, true);
    }

    /** The session's joinable queue named {@code name}. */
    public <E> JoinableQueue<E> joinableQueue(String name) {
        return new RedisQueue<>(session, name(name), 0, true);
    }

    /** A lock of this context's own: a one-permit semaphore that any process may release (CPython's Lock). */
    public Lock lock() {
        return new RedisSemaphore(session, fresh(), 1, 1, true);
    }

    /** The session's lock named {@code name}. */
    public Lock lock(String name) {
        return new RedisSemaphore(session, name(name), 1, 1, true);
    }

    public Semaphore semaphore(int value) {
        return new RedisSemaphore(session, fresh(), value, 0, false);
    }

    /** The session's semaphore named {@code name}; {@code value} is its initial value if this call makes it. */
    public Semaphore semaphore(String name, int value) {
        return new RedisSemaphore(session, name(name), value, 0, false);
    }

    /** A semaphore whose release refuses to go above {@code value}. */
    public BoundedSemaphore boundedSemaphore(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("value must be >= 1: value=" + value);
        }
        return new RedisSemaphore(session, fresh(), value, value, false);
    }

    public Event event() {
        return new RedisEvent(session, fresh());
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
        java.util.Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 200 || name.startsWith("anon-")
                || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("name must be 1-200 printable characters without spaces, not starting "
                    + "with 'anon-': name=\"" + name + "\"");
        }
        return name;
    }

    /**
     * A pool of {@code processes} whose work runs on the session's agents (see {@link RedisPool};
     * {@link #poolBuilder()} for retries, initializer, time and memory limits).
     */
    public RedisPool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /** An {@code ExecutorService} whose tasks run on the session's agents (see {@link RedisExecutor}). */
    public RedisExecutor executor(int maxWorkers) {
        return new RedisExecutor(pool(maxWorkers));
    }

    /** The settings of a pool on the agents. */
    public RedisPool.Builder poolBuilder() {
        return new RedisPool.Builder(this);
    }

    /** For the package: the session of this context. */
    Session sessionInternal() {
        return session;
    }

    /**
     * Leaves the session; when no other program of the session is alive, every key of the session
     * is deleted. Idempotent.
     */
    @Override
    public void close() {
        session.close();
    }
}
