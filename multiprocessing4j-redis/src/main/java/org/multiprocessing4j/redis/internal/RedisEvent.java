package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.Event;

import org.redisson.api.RScript;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * An event as a flag key and a list of registered waiters ({@code mp4j:<session>:ev:<name>}):
 * {@code set} raises the flag and pushes a token into each waiter's own wake list in one script;
 * {@code await} checks the flag and registers in one script, then waits on its wake list (no
 * pub/sub, so a set between the check and the wait is not lost). Exact timeouts. Thread-safe;
 * shared by name within the session.
 */
public final class RedisEvent implements Event, java.io.Serializable {

    private final Session session;
    private final String name;
    private final String flag;
    private final String waiters;
    private final String wakePrefix;

    public RedisEvent(Session session, String name) {
        this.session = session;
        this.name = name;
        this.flag = session.key("ev:" + name);
        this.waiters = session.key("ev:" + name + ":waiters");
        this.wakePrefix = session.key("ev:" + name + ":wake:");
    }

    @Override
    public void set() {
        session.check();
        session.link().eval(Scripts.EVENT_SET, RScript.ReturnType.LONG, List.of(session.key("epoch"), flag, waiters),
                session.epoch(), wakePrefix);
    }

    @Override
    public void clear() {
        session.check();
        session.link().call(org.redisson.client.protocol.RedisCommands.DEL, flag, flag);
    }

    @Override
    public boolean isSet() {
        session.check();
        Long n = session.link().call(org.redisson.client.protocol.RedisCommands.EXISTS_LONG, flag, flag);
        return n == 1;
    }

    @Override
    public void await() {
        await(null);
    }

    @Override
    public boolean await(Duration timeout) {
        session.check();
        String token = UUID.randomUUID().toString();
        Long set = session.link().eval(Scripts.EVENT_WAIT, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), flag, waiters), session.epoch(), token);
        if (set == 1) {
            return true;
        }
        String wake = wakePrefix + token;
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                RedisLink.throwIfInterrupted("waiting for an event");
                if (session.link().blpop(wake, Session.slice(Duration.ofNanos(left))) != null) {
                    return true;
                }
                session.checkEpoch();
            }
        } catch (RuntimeException e) {
            giveUp(token, wake);
            throw e;
        }
        return giveUp(token, wake);
    }

    private boolean giveUp(String token, String wake) {
        Long set = session.link().eval(Scripts.EVENT_GIVE_UP, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), flag, waiters, wake), session.epoch(), token);
        return set == 1;
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.EVENT, name);
    }
}
