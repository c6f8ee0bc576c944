package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.Condition;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.local.Locks;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * CPython's {@code Condition} on a Redis server, over a {@link RedisRLock} or a Redis
 * {@code Lock} ({@link RedisSemaphore}) of the same session. A waiter registers a token in
 * {@code cond:<name>:waiters} while it holds the lock, releases the lock (every level of an
 * RLock), and blocks on its own wake list; {@code signal(n)} moves up to n tokens, oldest first,
 * to their wake lists in one script. Registration under the lock makes a signal sent after the
 * waiter's check impossible to miss, without pub/sub. A waiter whose time runs out while a
 * signal takes it counts as woken ({@code await} returns true), so no signal is lost.
 *
 * <p>Ownership: over an RLock, waiting and signalling need the calling thread to hold it
 * ({@link IllegalMonitorStateException} otherwise); over a Lock, which any process may release,
 * they need it to be held. Thread-safe; a predicate of {@link #waitFor} runs in the calling
 * process.
 */
public final class RedisCondition implements Condition, java.io.Serializable {

    private final Session session;
    private final String name;
    private final java.util.concurrent.locks.Lock lock;
    private final String waiters;

    /**
     * @param lock a {@link RedisRLock} or a Redis lock ({@link RedisSemaphore}) of {@code session}
     * @throws IllegalArgumentException if {@code lock} is of another backend
     */
    public RedisCondition(Session session, String name, java.util.concurrent.locks.Lock lock) {
        Objects.requireNonNull(lock, "lock");
        if (!(lock instanceof RedisRLock) && !(lock instanceof RedisSemaphore s && s.bound() == 1)) {
            throw new IllegalArgumentException("a Redis condition needs a Lock or RLock of the same Redis context: lock="
                    + lock.getClass().getName());
        }
        this.session = session;
        this.name = name;
        this.lock = lock;
        this.waiters = session.key("cond:" + name + ":waiters");
    }

    @Override
    public java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    @Override
    public void acquire() {
        lock.lock();
    }

    @Override
    public boolean acquire(Duration timeout) {
        return lock instanceof RedisRLock r ? r.acquire(timeout) : ((RedisSemaphore) lock).acquire(timeout);
    }

    @Override
    public void release() {
        lock.unlock();
    }

    private void checkOwned(String what) {
        boolean owned = lock instanceof RedisRLock r ? r.isHeldByCurrentThread() : ((RedisSemaphore) lock).isLocked();
        if (!owned) {
            throw new IllegalMonitorStateException("cannot " + what + " on condition '" + name + "': its lock is not held"
                    + (lock instanceof RedisRLock ? " by this thread" : ""));
        }
    }

    /**
     * Proceed in 4 steps: register (holding the lock); release the lock, every level; wait on
     * the own wake list in slices; take the lock again, as many levels, whatever happened.
     */
    @Override
    public boolean await(Duration timeout) {
        checkOwned("wait");
        String token = UUID.randomUUID().toString();
        String wake = session.key("cond:" + name + ":wake:" + token);
        session.link().eval(Scripts.COND_REGISTER, RScript.ReturnType.LONG, List.of(session.key("epoch"), waiters),
                session.epoch(), token);
        int levels = lock instanceof RedisRLock r ? r.releaseLevels(true) : release1();
        boolean woken = false;
        InterruptedWaitException interrupted = null;
        try {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                RedisLink.throwIfInterrupted("waiting on a condition");
                woken = session.link().blpop(wake, Session.slice(Duration.ofNanos(left))) != null;
                if (!woken) {
                    session.checkEpoch();
                }
            }
        } catch (InterruptedWaitException e) {
            Thread.interrupted(); // re-taking the lock must not be cut short; the interrupt is restored below
            interrupted = e;
        } finally {
            if (!woken) {
                Long signalled = session.link().eval(Scripts.COND_GIVE_UP, RScript.ReturnType.LONG,
                        List.of(session.key("epoch"), waiters, wake), session.epoch(), token);
                woken = signalled == 1;
            }
            if (lock instanceof RedisRLock r) {
                r.acquireLevels(levels, null, true); // a dead owner: taken over, OwnerDiedException with the lock held
            } else {
                ((RedisSemaphore) lock).acquire();
            }
        }
        if (interrupted != null) {
            Thread.currentThread().interrupt();
            throw interrupted;
        }
        return woken;
    }

    private int release1() {
        lock.unlock();
        return 1;
    }

    @Override
    public void await() throws InterruptedException {
        Locks.interruptibly(() -> await((Duration) null));
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            await((Duration) null);
        } catch (InterruptedWaitException e) {
            // returning early is a permitted spurious wake-up; the interrupt stays set for the caller
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        Locks.interruptibly(() -> await(Duration.ofNanos(Math.max(0, nanosTimeout))));
        return nanosTimeout - (System.nanoTime() - start);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return Locks.interruptibly(() -> await(Duration.ofNanos(Math.max(0, unit.toNanos(time)))));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long millis = deadline.getTime() - System.currentTimeMillis();
        return await(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    @Override
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: n=" + n);
        }
        checkOwned("signal");
        session.link().eval(Scripts.COND_SIGNAL, RScript.ReturnType.LONG, List.of(session.key("epoch"), waiters),
                session.epoch(), n, session.key("cond:" + name + ":wake:"));
    }

    @Override
    public int waiting() {
        session.check();
        Long n = session.link().eval(Scripts.LENGTH, RScript.ReturnType.LONG, List.of(session.key("epoch"), waiters),
                session.epoch());
        return n.intValue();
    }

    @Override
    public String toString() {
        return "RedisCondition[" + name + ", " + lock + "]";
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.CONDITION, name, lock);
    }
}
