package org.multiprocessing4j.redis;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.contract.ContractBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Redis backend for the core's contract suites: a real redis-server, one agent (in this JVM,
 * named as host 127.0.0.2; its processes are real child JVMs) and a context; the suites' other
 * processes are processes of the Redis context, run by that agent. Closing leaves the session
 * and checks that the server holds no key of it.
 */
final class RedisBackend implements ContractBackend {

    private final RedisServer server;
    private final Agent agent;
    private final RedisContext ctx;

    RedisBackend() {
        try {
            server = RedisServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = Options.patient(server, "contract");
        agent = Agent.start(options, 2, "127.0.0.2");
        ctx = RedisContext.connect(options);
    }

    /** The context, for a suite's Redis-only tests (the element types the contract does not cover). */
    RedisContext ctx() {
        return ctx;
    }

    @Override
    public Lock lock() {
        return ctx.lock();
    }

    @Override
    public RLock rLock() {
        return ctx.rLock();
    }

    @Override
    public Semaphore semaphore(int value) {
        return ctx.semaphore(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return ctx.boundedSemaphore(value);
    }

    @Override
    public Condition condition() {
        return ctx.condition();
    }

    @Override
    public Event event() {
        return ctx.event();
    }

    @Override
    public Barrier barrier(int parties) {
        return ctx.barrier(parties);
    }

    @Override
    public IntValue intValue(int initial) {
        return ctx.intValue(initial, true);
    }

    @Override
    public DoubleValue doubleValue(double initial) {
        return ctx.doubleValue(initial, true);
    }

    @Override
    public IntArray intArray(int... values) {
        return ctx.intArray(values, true);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return ctx.queue(maxsize);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return ctx.joinableQueue(maxsize);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return ctx.simpleQueue();
    }

    @Override
    public Process process(SerializableRunnable target) {
        return ctx.process(target);
    }

    @Override
    public void close() {
        try {
            ctx.close();
            agent.close();
            List<String> left = server.keys();
            if (!left.isEmpty()) {
                throw new AssertionError("the session's keys outlived it: " + left);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "Redis";
    }
}
