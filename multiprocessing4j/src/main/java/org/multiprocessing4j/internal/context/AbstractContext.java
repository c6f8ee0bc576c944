package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SimpleQueue;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Context} as two objects (CPython's {@code BaseContext}): a {@link StartMethod} for
 * processes and pools, and a {@link Backend} for everything else. Each factory asks one of the
 * two and adds no behaviour of its own; a backend's context ({@link LocalContext}, the Redis
 * module's) extends this class and adds only what is its own. Immutable and thread-safe.
 */
public abstract class AbstractContext implements Context {

    private final StartMethod method;
    private final Backend backend;

    protected AbstractContext(StartMethod method, Backend backend) {
        this.method = Objects.requireNonNull(method, "method");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** The start method object behind {@link #startMethod()}. */
    public final StartMethod method() {
        return method;
    }

    @Override
    public String startMethod() {
        return method.name();
    }

    @Override
    public Process process(SerializableRunnable target) {
        return processBuilder().target(target).build();
    }

    @Override
    public Process process(SerializableRunnable target, String name) {
        return processBuilder().target(target).name(name).build();
    }

    @Override
    public Process.Builder processBuilder() {
        return Access.process().builder(method);
    }

    @Override
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    @Override
    public Pool.Builder poolBuilder() {
        return Access.pool().builder(method);
    }

    @Override
    public Pipe pipe() {
        return backend.pipe(true);
    }

    @Override
    public Pipe pipe(boolean duplex) {
        return backend.pipe(duplex);
    }

    @Override
    public <E> Queue<E> queue() {
        return backend.queue(0);
    }

    @Override
    public <E> Queue<E> queue(int maxsize) {
        return backend.queue(maxsize);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return backend.simpleQueue();
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue() {
        return backend.joinableQueue(0);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return backend.joinableQueue(maxsize);
    }

    @Override
    public Lock lock() {
        return backend.lock();
    }

    @Override
    public RLock rLock() {
        return backend.rLock();
    }

    @Override
    public Semaphore semaphore(int value) {
        return backend.semaphore(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
        return backend.boundedSemaphore(value);
    }

    @Override
    public Condition condition() {
        return backend.condition(backend.rLock());
    }

    @Override
    public Condition condition(Lock lock) {
        return backend.condition(lock);
    }

    @Override
    public Condition condition(RLock lock) {
        return backend.condition(lock);
    }

    @Override
    public Event event() {
        return backend.event();
    }

    @Override
    public Barrier barrier(int parties) {
        return backend.barrier(parties, null, null);
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return backend.barrier(parties, action, timeout);
    }

    /** The backend behind the factories of objects. */
    protected Backend backend() {
        return backend;
    }
}
