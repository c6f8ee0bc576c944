package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Semaphore;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;

/**
 * A semaphore as a Redis counter ({@code mp4j:<session>:sem:<name>}) changed only by Lua
 * scripts: acquire decrements it when positive, release increments it (refusing above the bound
 * in the same script). A caller that finds no permit registers as waiting and blocks on the
 * wake list ({@code :wake}), to which a release adds a token while there are fewer tokens than
 * waiters; each wake-up, and each slice of at most one second, is followed by another attempt,
 * so a token taken by a waiter that then lost the race delays another by at most one slice. It
 * serves as {@link Semaphore}, {@link BoundedSemaphore} and {@link Lock} (one permit; any
 * process may release, as CPython's Lock). A permit taken by a process that dies is not
 * returned, as in CPython. Thread-safe; programs of the session share a semaphore by name.
 */
public final class RedisSemaphore implements BoundedSemaphore, Lock, java.io.Serializable {

    private final Session session;
    private final String name;
    private final String count;
    private final String wake;
    private final String waiting;
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
        this.count = session.key("sem:" + name);
        this.wake = session.key("sem:" + name + ":wake");
        this.waiting = session.key("sem:" + name + ":waiting");
        this.bound = bound;
        this.lock = lock;
        session.check();
        session.link().eval(Scripts.SEM_INIT, RScript.ReturnType.LONG, List.of(session.key("epoch"), count), session.epoch(), value);
    }

    @Override
    public void acquire() {
        acquire((Duration) null);
    }

    @Override
    public boolean acquire(boolean block) {
        return block ? acquire((Duration) null) : take("try");
    }

    /**
     * Proceed in 3 steps: an attempt that registers the caller as waiting if it fails; blocking
     * pops of the wake list in slices, each followed by another attempt; unregistering if the
     * time runs out or the wait is interrupted.
     */
    @Override
    public boolean acquire(Duration timeout) {
        if (take("first")) {
            return true;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        boolean taken = false;
        try {
            while (!taken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                RedisLink.throwIfInterrupted("waiting for a permit");
                if (session.link().blpop(wake, Session.slice(Duration.ofNanos(left))) == null) {
                    session.checkEpoch();
                }
                taken = take("again");
            }
            return true;
        } finally {
            if (!taken) {
                boolean interrupted = Thread.interrupted(); // unregistering must not be cut short
                try {
                    session.link().eval(Scripts.SEM_GIVE_UP, RScript.ReturnType.LONG, List.of(session.key("epoch"), waiting),
                            session.epoch());
                } catch (RuntimeException e) {
                    // the session is lost or closed: nothing waits any more
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private boolean take(String mode) {
        session.check();
        Long got = session.link().eval(Scripts.SEM_TAKE, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), count, waiting), session.epoch(), mode);
        return got == 1;
    }

    @Override
    public void release() {
        session.check();
        try {
            session.link().eval(Scripts.SEM_RELEASE, RScript.ReturnType.LONG,
                    List.of(session.key("epoch"), count, wake, waiting), session.epoch(), bound > 0 ? bound : Integer.MAX_VALUE);
        } catch (RedisLink.ScriptError e) {
            if (e.is("MP4J_OVER_RELEASE")) {
                throw new IllegalStateException(lock ? "release of an unlocked lock '" + name + "'"
                        : bound > 0 ? "semaphore '" + name + "' released too many times (bound " + bound + ")"
                        : "semaphore '" + name + "' cannot go above Integer.MAX_VALUE");
            }
            throw e;
        }
    }

    @Override
    public int getValue() {
        session.check();
        Long n = session.link().eval(Scripts.SEM_VALUE, RScript.ReturnType.LONG, List.of(session.key("epoch"), count),
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
