package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.redis.SessionLostException;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * A queue in a Redis list ({@code mp4j:<session>:q:<name>}): {@link org.multiprocessing4j.Queue},
 * {@link SimpleQueue} and, when made joinable, {@link JoinableQueue} with CPython's counting
 * algorithm (a counter beside the list, and per-joiner wake lists instead of pub/sub, so no wake-up
 * is lost between a joiner's check and its wait).
 *
 * <p>{@code put} writes before it returns (no feeder thread: {@code joinThread} and
 * {@code cancelJoinThread} have nothing to wait for). Timeouts are exact to the millisecond:
 * blocking pops are sent with decimal seconds, never rounded by Redisson. Every put and
 * non-blocking get first checks the session's epoch, and a blocking get re-checks it after each
 * empty slice, so a restarted empty server raises {@link SessionLostException} instead of
 * looking like an empty queue. Thread-safe; several programs share a queue made with the same
 * name in the same session.
 */
public final class RedisQueue<E> implements JoinableQueue<E>, SimpleQueue<E>, java.io.Serializable {

    private final Session session;
    private final String name;
    private final int maxsize;
    private final boolean joinable;
    private final String list;
    private final String unfinished;
    private final String joiners;
    private volatile boolean closed;

    public RedisQueue(Session session, String name, int maxsize, boolean joinable) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0: maxsize=" + maxsize);
        }
        this.session = session;
        this.name = name;
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.list = session.key("q:" + name);
        this.unfinished = session.key("q:" + name + ":unfinished");
        this.joiners = session.key("q:" + name + ":joiners");
    }

    /** The keys of this queue, for clean-up. */
    public List<String> keys() {
        return List.of(list, unfinished, joiners);
    }

    @Override
    public void put(E item) {
        put(item, null);
    }

    @Override
    public void put(E item, Duration timeout) {
        checkOpen("put");
        byte[] bytes = session.codec().encode(item);
        if (offer(bytes)) {
            return;
        }
        // A bounded queue that is full: retry with a short back-off until there is room.
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        long pause = 200_000;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new QueueFullException("queue '" + name + "' is still full (maxsize=" + maxsize + ") after " + timeout);
            }
            LockSupport.parkNanos(Math.min(left, pause));
            RedisLink.throwIfInterrupted("waiting for room in queue '" + name + "'");
            pause = Math.min(pause * 2, 20_000_000);
            if (offer(bytes)) {
                return;
            }
        }
    }

    @Override
    public void putNowait(E item) {
        checkOpen("put");
        if (!offer(session.codec().encode(item))) {
            throw new QueueFullException("queue '" + name + "' is full (maxsize=" + maxsize + ")");
        }
    }

    private boolean offer(byte[] bytes) {
        Long r = eval(Scripts.PUT, RScript.ReturnType.LONG, List.of(session.key("epoch"), list, unfinished),
                session.epoch(), maxsize, bytes, joinable ? 1 : 0);
        return r == 1;
    }

    @Override
    public E get() {
        return get(null);
    }

    /**
     * Proceed in 3 steps: a non-blocking pop (which checks the epoch); then blocking pops of at
     * most one second each until the deadline; after each empty one, check the epoch and the
     * session, so a lost server or session ends the wait.
     */
    @Override
    @SuppressWarnings("unchecked")
    public E get(Duration timeout) {
        checkOpen("get");
        byte[] b = eval(Scripts.POP, RScript.ReturnType.VALUE, List.of(session.key("epoch"), list), session.epoch());
        if (b != null) {
            return (E) session.codec().decode(b);
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new QueueEmptyException("queue '" + name + "' is still empty after " + timeout);
            }
            RedisLink.throwIfInterrupted("waiting for an item of queue '" + name + "'");
            session.check();
            b = session.link().blpop(list, Session.slice(Duration.ofNanos(left)));
            if (b != null) {
                return (E) session.codec().decode(b);
            }
            session.checkEpoch();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E getNowait() {
        checkOpen("get");
        byte[] b = eval(Scripts.POP, RScript.ReturnType.VALUE, List.of(session.key("epoch"), list), session.epoch());
        if (b == null) {
            throw new QueueEmptyException("queue '" + name + "' is empty");
        }
        return (E) session.codec().decode(b);
    }

    @Override
    public int qsize() {
        Long n = eval(Scripts.LENGTH, RScript.ReturnType.LONG, List.of(session.key("epoch"), list), session.epoch());
        return (int) Math.min(Integer.MAX_VALUE, n);
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
    public void taskDone() {
        requireJoinable("taskDone");
        try {
            eval(Scripts.TASK_DONE, RScript.ReturnType.LONG, List.of(session.key("epoch"), unfinished, joiners),
                    session.epoch(), session.key("q:" + name + ":wake:"));
        } catch (RedisLink.ScriptError e) {
            if (e.is("MP4J_TOO_MANY_TASK_DONE")) {
                throw new IllegalStateException("taskDone() called more times than items were put in queue '" + name + "'");
            }
            throw e;
        }
    }

    @Override
    public void join() {
        requireJoinable("join");
        String token = UUID.randomUUID().toString();
        Long done = eval(Scripts.JOIN_WAIT, RScript.ReturnType.LONG, List.of(session.key("epoch"), unfinished, joiners),
                session.epoch(), token);
        if (done == 1) {
            return;
        }
        String wake = session.key("q:" + name + ":wake:" + token);
        while (session.link().blpop(wake, RedisLink.MAX_SLICE) == null) {
            session.checkEpoch();
        }
    }

    private void requireJoinable(String what) {
        if (!joinable) {
            throw new IllegalStateException(what + "() needs a joinable queue: queue '" + name + "' was made with queue(..)");
        }
    }

    private <R> R eval(String script, RScript.ReturnType type, List<Object> keys, Object... args) {
        session.check();
        try {
            return session.link().eval(script, type, keys, args);
        } catch (RedisLink.ScriptError e) {
            if (e.is("MP4J_EPOCH")) {
                session.checkEpoch();
            }
            throw e;
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException("cannot " + what + ": queue '" + name + "' is closed in this process");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void joinThread() {
        if (!closed) {
            throw new IllegalStateException("joinThread() needs close() first: queue '" + name + "' is open");
        }
    }

    @Override
    public void cancelJoinThread() {
        // put writes before returning: nothing is ever held back
    }

    @Override
    public String toString() {
        return "RedisQueue[" + name + (maxsize > 0 ? ", maxsize=" + maxsize : "") + (joinable ? ", joinable" : "") + "]";
    }

    static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("name must be 1-200 printable characters without spaces: name=\"" + name + "\"");
        }
        return name;
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.QUEUE, name, maxsize, joinable);
    }
}
