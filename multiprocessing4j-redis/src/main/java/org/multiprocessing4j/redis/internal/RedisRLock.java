package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.Condition;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.RLock;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;

/**
 * CPython's {@code RLock} on a Redis server: a hash {@code rlock:<name>} holding the owner (this
 * JVM and thread, {@link Owner}) and the hold count, changed only by Lua scripts. Only the owner
 * may release; the last release leaves a wake token for a waiter.
 *
 * <p>Why not Redisson's {@code RLock}: it is owned by a thread of one Redisson client (a UUID per
 * client), so a handle decoded in another process could never release or re-enter it, and it
 * relies on pub/sub and a watchdog lease; CPython's RLock is owned by a thread of a process and
 * kept until released. The owner also records its JVM's lease ({@link Session#holderLease()}):
 * when that is gone (the owner's process died, or was cut off longer than the lease), the next
 * acquirer frees the lock and gets {@link OwnerDiedException} without holding it, as the local
 * backends' locks report a dead owner (CPython's manager RLock is likewise released when its
 * owner's connection drops). Waiters are served by blocking pops on the wake list in
 * slices of at most one second, each retried, so a token lost to a waiter that gave up delays
 * another by at most one slice. Thread-safe.
 */
public final class RedisRLock implements RLock, java.io.Serializable {

    private final Session session;
    private final String name;
    private final String key;
    private final String wake;

    public RedisRLock(Session session, String name) {
        this.session = session;
        this.name = name;
        this.key = session.key("rlock:" + name);
        this.wake = session.key("rlock:" + name + ":wake");
    }

    /** The name of this lock in its session. */
    public String name() {
        return name;
    }

    @Override
    public void acquire() {
        acquire((Duration) null);
    }

    @Override
    public boolean acquire(boolean block) {
        if (!block) {
            var a = take(1);
            if (a.deadOwner() != null) {
                throw ownerDied(a.deadOwner(), false);
            }
            return a.count() > 0;
        }
        return acquire((Duration) null);
    }

    @Override
    public boolean acquire(Duration timeout) {
        return acquireLevels(1, timeout);
    }

    /** Takes {@code levels} levels, waiting at most {@code timeout} (null: no limit). */
    boolean acquireLevels(int levels, Duration timeout) {
        return acquireLevels(levels, timeout, false);
    }

    /**
     * Takes {@code levels} levels, waiting at most {@code timeout} (null: no limit).
     *
     * @param takeOver what to do on finding that the owner died holding the lock: false, throw
     *        {@link OwnerDiedException} without holding it (an acquire); true, take it anyway and
     *        then throw it with the lock held (a condition's wait, which must return holding it)
     * @throws OwnerDiedException if the owner died holding the lock (exactly one caller is told)
     */
    boolean acquireLevels(int levels, Duration timeout, boolean takeOver) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        String died = null;
        while (true) {
            var a = take(levels);
            if (a.count() > 0) {
                break;
            }
            if (a.deadOwner() != null) {
                if (!takeOver) {
                    throw ownerDied(a.deadOwner(), false);
                }
                died = a.deadOwner();
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            RedisLink.throwIfInterrupted("waiting for a lock");
            if (session.link().blpop(wake, Session.slice(Duration.ofNanos(left))) == null) {
                session.checkEpoch();
            }
        }
        if (died != null) {
            throw ownerDied(died, true);
        }
        return true;
    }

    /** One attempt's answer: the hold count (0: another holds it), or the dead owner ("host pid") it freed. */
    private record Attempt(long count, String deadOwner) {}

    private OwnerDiedException ownerDied(String who, boolean held) {
        int space = who.lastIndexOf(' ');
        long pid = -1;
        try {
            pid = Long.parseLong(who.substring(space + 1));
        } catch (NumberFormatException e) {
            // no pid recorded
        }
        return new OwnerDiedException("RLock '" + name + "' (its owner ran on "
                + (space < 0 ? "an unknown host" : who.substring(0, space)) + ")", pid, held);
    }

    /** One attempt to take {@code levels} levels; a dead owner found is freed (the caller does not hold the lock). */
    private Attempt take(int levels) {
        session.check();
        List<Object> r = session.link().eval(Scripts.RLOCK_TAKE, RScript.ReturnType.LIST,
                List.of(session.key("epoch"), key, wake), session.epoch(), Owner.current(), levels, session.holderLease(),
                session.host() + " " + ProcessHandle.current().pid());
        long n = (Long) r.get(0);
        return new Attempt(Math.max(0, n), n < 0 ? new String((byte[]) r.get(1), java.nio.charset.StandardCharsets.UTF_8) : null);
    }

    @Override
    public void release() {
        releaseLevels(false);
    }

    /**
     * Releases one level, or every level with {@code all} (a condition's wait).
     *
     * @return the levels still held, or with {@code all} the levels released
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    int releaseLevels(boolean all) {
        session.check();
        Long n = session.link().eval(Scripts.RLOCK_RELEASE, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), key, wake), session.epoch(), Owner.current(), all ? 1 : 0);
        if (n < 0) {
            throw new IllegalMonitorStateException("release of RLock '" + name + "' by a thread that does not hold it ("
                    + Thread.currentThread().getName() + ")");
        }
        return n.intValue();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return getHoldCount() > 0;
    }

    @Override
    public int getHoldCount() {
        session.check();
        Long n = session.link().eval(Scripts.RLOCK_COUNT, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                session.epoch(), Owner.current());
        return n.intValue();
    }

    /** A new condition over this lock (its own waiters). */
    @Override
    public Condition newCondition() {
        return new RedisCondition(session, RedisBackend.fresh(), this);
    }

    @Override
    public String toString() {
        return "RedisRLock[" + name + "]";
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.RLOCK, name);
    }
}
