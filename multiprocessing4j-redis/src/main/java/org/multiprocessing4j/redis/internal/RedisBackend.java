package org.multiprocessing4j.redis.internal;

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
import org.multiprocessing4j.internal.context.Backend;

import java.time.Duration;
import java.util.UUID;

/**
 * The {@link Backend} of a Redis context: every object lives on the session's server under a
 * fresh name ({@code anon-<uuid>}), removed when the session ends. Named objects are made by
 * {@code RedisContext} itself from the same classes. Thread-safe.
 */
public final class RedisBackend implements Backend {

    private final Session session;

    public RedisBackend(Session session) {
        this.session = session;
    }

    /** A name no other object of the session has. */
    public static String fresh() {
        return "anon-" + UUID.randomUUID();
    }

    @Override
    public Lock lock() {
        return new RedisSemaphore(session, fresh(), 1, 1, true);
    }

    @Override
    public RLock rLock() {
        return new RedisRLock(session, fresh());
    }

    @Override
    public Semaphore semaphore(int value) {
        return new RedisSemaphore(session, fresh(), value, 0, false);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("value must be >= 1: value=" + value);
        }
        return new RedisSemaphore(session, fresh(), value, value, false);
    }

    @Override
    public Condition condition(Lock lock) {
        return new RedisCondition(session, fresh(), lock);
    }

    @Override
    public Condition condition(RLock lock) {
        return new RedisCondition(session, fresh(), lock);
    }

    @Override
    public Event event() {
        return new RedisEvent(session, fresh());
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return new RedisBarrier(session, fresh(), parties, action, timeout);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return new RedisQueue<>(session, fresh(), Math.max(0, maxsize), false);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return new RedisQueue<>(session, fresh(), 0, false);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return new RedisQueue<>(session, fresh(), Math.max(0, maxsize), true);
    }

    @Override
    public Pipe pipe(boolean duplex) {
        return RedisPipeEnd.open(session, fresh(), duplex);
    }
}
