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
import org.multiprocessing4j.managers.SyncManager;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Context} of this machine: a {@link StartMethod} (spawn, warm or thread) for
 * processes and pools, and a {@link Backend} (shared memory) for everything else. It adds no
 * behaviour of its own: each factory asks one of the two. Immutable and thread-safe.
 */
public final class LocalContext implements Context {

    /** One context per local start method, all over the shared-memory backend. */
    private static final Map<StartMethod, LocalContext> CONTEXTS = Map.of(
            LocalStartMethod.SPAWN, new LocalContext(LocalStartMethod.SPAWN, SharedMemoryBackend.INSTANCE),
            LocalStartMethod.WARM, new LocalContext(LocalStartMethod.WARM, SharedMemoryBackend.INSTANCE),
            LocalStartMethod.THREAD, new LocalContext(LocalStartMethod.THREAD, SharedMemoryBackend.INSTANCE));

    private final StartMethod method;
    private final Backend backend;

    private LocalContext(StartMethod method, Backend backend) {
        this.method = Objects.requireNonNull(method, "method");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * The context of {@code method}, prepared for use (the warm start method boots its spares).
     *
     * @throws IllegalArgumentException if {@code method} is not a local start method
     */
    public static LocalContext of(StartMethod method) {
        LocalContext c = CONTEXTS.get(Objects.requireNonNull(method, "method"));
        if (c == null) {
            throw new IllegalArgumentException("not a local start method: method=" + method);
        }
        method.prepare();
        return c;
    }

    /** The start method object behind {@link #startMethod()}. */
    public StartMethod method() {
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
    public SyncManager manager() {
        return SyncManager.builder().startMethod(method.name()).build().start();
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

    @Override
    public String toString() {
        return "Context[" + method.name() + "]";
    }
}
