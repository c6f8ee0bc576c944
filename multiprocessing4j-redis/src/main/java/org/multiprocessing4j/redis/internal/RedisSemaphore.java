package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Semaphore;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;

/**
 * A semaphore as a Redis list of permit tokens ({@code mp4j:<session>:sem:<name>}): acquire pops
 * a token (blocking pops with exact timeouts, in slices), release pushes one. It serves as
 * {@link Semaphore}, {@link BoundedSemaphore} (release refuses above the bound, in the same
 * script) and {@link Lock} (one permit; any process may release, as CPython's Lock). A permit
 * taken by a process that dies is not returned, as in CPython. Waiters are served in the order
 * the server blocked them. Thread-safe; programs of the session share a semaphore by name.
 */
public final class RedisSemaphore implements BoundedSemaphore, Lock, java.io.Serializable {

    private final Session session;
    private final String name;
    private final String tokens;
    private final int bound;
    private final boolean lock;

    /**
     * @param bound the bound for a bounded semaphore or a lock, 0 for none
     * @param lock  whether it is a {@link Lock} (release of an unlocked lock is refused)
     */
    public RedisSemaphore(Session session, String name, int value, int bound, boolean lock) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0: value=" + value);
        }
        this.session = session;
        this.name = name;
        this.tokens = session.key("sem:" + name);
        this.bound = bound;
        this.lock = lock;
        session.check();
        session.link().eval(Scripts.SEM_INIT, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), tokens, session.key("sem:" + name + ":init")), session.epoch(), value);
    }

    @Override
    public void acquire() {
        acquire((Duration) null);
    }

    @Override
    public boolean acquire(boolean block) {
        return block ? acquire((Duration) null) : tryTake();
    }

    /** Proceed in 2 steps: a non-blocking take (checks the epoch); then blocking pops in slices, re-checking the session. */
    @Override
    public boolean acquire(Duration timeout) {
        if (tryTake()) {
            return true;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            session.check();
            if (session.link().blpop(tokens, Session.slice(Duration.ofNanos(left))) != null) {
                return true;
            }
            session.checkEpoch();
        }
    }

    private boolean tryTake() {
        session.check();
        Long got = session.link().eval(Scripts.SEM_TRY, RScript.ReturnType.LONG, List.of(session.key("epoch"), tokens),
                session.epoch());
        return got == 1;
    }

    @Override
    public void release() {
        session.check();
        try {
            session.link().eval(Scripts.SEM_RELEASE, RScript.ReturnType.LONG, List.of(session.key("epoch"), tokens),
                    session.epoch(), bound);
        } catch (RedisLink.ScriptError e) {
            if (e.is("MP4J_OVER_RELEASE")) {
                throw new IllegalStateException(lock ? "release of an unlocked lock '" + name + "'"
                        : "semaphore '" + name + "' released too many times (bound " + bound + ")");
            }
            throw e;
        }
    }

    @Override
    public int getValue() {
        session.check();
        Long n = session.link().eval(Scripts.LENGTH, RScript.ReturnType.LONG, List.of(session.key("epoch"), tokens),
                session.epoch());
        return n.intValue();
    }

    @Override
    public int bound() {
        return bound;
    }

    @Override
    public boolean isLocked() {
        return getValue() == 0;
    }

    @Override
    public Condition newCondition() {
        if (!lock) {
            throw new UnsupportedOperationException("a semaphore has no condition; use a Lock's or RLock's");
        }
        return new RedisCondition(session, RedisBackend.fresh(), this);
    }

    @Override
    public String toString() {
        return (lock ? "RedisLock[" : "RedisSemaphore[") + name + "]";
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.SEMAPHORE, name, 0, bound, lock);
    }
}
