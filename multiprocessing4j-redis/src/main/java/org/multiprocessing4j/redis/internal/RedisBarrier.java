package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.SerializableRunnable;

import org.redisson.api.RScript;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * CPython's {@code Barrier} on a Redis server: a hash {@code barrier:<name>} (arrivals, a
 * generation counter, a broken flag) changed only by Lua scripts, and one wake list per waiter.
 * The last party to arrive runs the action in its own process, then lets the generation pass
 * (every waiter's wake list gets 'ok'); an abort, a failing action, a timeout or an interrupt
 * breaks it (they get 'broken'). As {@code CyclicBarrier}: a waiter whose time runs out or who is
 * interrupted after its generation has passed returns normally (the interrupt re-asserted) and
 * never breaks the next generation; the script that breaks compares generations atomically.
 * Thread-safe.
 */
public final class RedisBarrier implements Barrier, java.io.Serializable {

    private final Session session;
    private final String name;
    private final int parties;
    private final SerializableRunnable action;
    private final Duration timeout;
    private final String state;
    private final String waiters;

    public RedisBarrier(Session session, String name, int parties, SerializableRunnable action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
        }
        this.session = session;
        this.name = name;
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
        this.state = session.key("barrier:" + name);
        this.waiters = session.key("barrier:" + name + ":waiters");
    }

    @Override
    public int await() {
        return await(null);
    }

    /**
     * Proceed in 3 steps: arrive (one script: index, generation, last or not); the last runs the
     * action and passes the generation; the others wait on their own wake lists in slices.
     */
    @Override
    public int await(Duration timeout) {
        Duration limit = timeout != null ? timeout : this.timeout;
        String token = UUID.randomUUID().toString();
        String wake = wakePrefix() + token;
        session.check();
        List<Object> r = session.link().eval(Scripts.BARRIER_ARRIVE, RScript.ReturnType.LIST,
                List.of(session.key("epoch"), state, waiters), session.epoch(), parties, token);
        int index = ((Long) r.get(0)).intValue();
        String generation = text(r.get(1));
        if (index < 0) {
            throw new BrokenBarrierException("barrier '" + name + "' is broken");
        }
        if (((Long) r.get(2)) == 1) {
            runActionAndPass();
            return index;
        }
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, limit.toNanos());
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (breakIf(generation)) {
                        forget(wake);
                        throw new BrokenBarrierException("barrier '" + name + "': the wait timed out after " + limit
                                + ", which broke the barrier");
                    }
                    return passedOrBroken(wake, index); // passed meanwhile: not a timeout
                }
                RedisLink.throwIfInterrupted("waiting at barrier '" + name + "'");
                byte[] word = session.link().blpop(wake, Session.slice(Duration.ofNanos(left)));
                if (word != null) {
                    return outcome(word, index);
                }
                session.checkEpoch();
            }
        } catch (InterruptedWaitException e) {
            Thread.interrupted();
            if (breakIf(generation)) {
                forget(wake);
                Thread.currentThread().interrupt();
                throw e;
            }
            int passed = passedOrBroken(wake, index);
            Thread.currentThread().interrupt(); // the generation had passed: return normally, keep the interrupt
            return passed;
        }
    }

    private void runActionAndPass() {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                breakIf("");
                throw e;
            }
        }
        session.link().eval(Scripts.BARRIER_PASS, RScript.ReturnType.LONG, List.of(session.key("epoch"), state, waiters),
                session.epoch(), wakePrefix());
    }

    /** After a refused break: the generation passed or broke; the word is (or will be at once) in the wake list. */
    private int passedOrBroken(String wake, int index) {
        byte[] word = session.link().blpop(wake, RedisLink.MAX_SLICE);
        forget(wake);
        return outcome(word == null ? "ok".getBytes(StandardCharsets.US_ASCII) : word, index);
    }

    private int outcome(byte[] word, int index) {
        if ("ok".equals(new String(word, StandardCharsets.US_ASCII))) {
            return index;
        }
        throw new BrokenBarrierException("barrier '" + name + "' was broken while waiting (an abort, reset, timeout, "
                + "interrupt or failing action of another party)");
    }

    private void forget(String wake) {
        session.link().call(org.redisson.client.protocol.RedisCommands.DEL, wake, wake);
    }

    /** Breaks the barrier if generation {@code generation} ('' any) is still waiting; whether it did. */
    private boolean breakIf(String generation) {
        Long broke = session.link().eval(Scripts.BARRIER_BREAK, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), state, waiters), session.epoch(), wakePrefix(), generation);
        return broke == 1;
    }

    private String wakePrefix() {
        return session.key("barrier:" + name + ":wake:");
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(o);
    }

    @Override
    public void abort() {
        session.check();
        breakIf("");
    }

    @Override
    public void reset() {
        session.check();
        session.link().eval(Scripts.BARRIER_RESET, RScript.ReturnType.LONG, List.of(session.key("epoch"), state, waiters),
                session.epoch(), wakePrefix());
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int nWaiting() {
        List<Object> r = stateNow();
        return ((Long) r.get(1)) == 1 ? 0 : ((Long) r.get(0)).intValue();
    }

    @Override
    public boolean isBroken() {
        return ((Long) stateNow().get(1)) == 1;
    }

    private List<Object> stateNow() {
        session.check();
        return session.link().eval(Scripts.BARRIER_STATE, RScript.ReturnType.LIST, List.of(session.key("epoch"), state),
                session.epoch());
    }

    @Override
    public String toString() {
        return "RedisBarrier[" + name + ", parties " + parties + "]";
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.BARRIER, name, parties, action, timeout);
    }
}
