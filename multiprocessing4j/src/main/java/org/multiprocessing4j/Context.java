package org.multiprocessing4j;

import org.multiprocessing4j.internal.local.SharedBarrier;
import org.multiprocessing4j.internal.local.SharedBoundedSemaphore;
import org.multiprocessing4j.internal.local.SharedCondition;
import org.multiprocessing4j.internal.local.SharedEvent;
import org.multiprocessing4j.internal.local.SharedLock;
import org.multiprocessing4j.internal.local.SharedRLock;
import org.multiprocessing4j.internal.local.SharedSemaphore;
import org.multiprocessing4j.internal.spawn.WarmSpares;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A start method and the factories bound to it (Python's {@code multiprocessing.get_context()}).
 * Objects a context creates use its start method whatever the process-wide default is.
 *
 * <ul>
 *   <li>{@code "spawn"} (the default): each process is a new child JVM.</li>
 *   <li>{@code "warm"}: each process runs in a child JVM that was booted ahead of time and
 *       waited for it, so {@code start()} costs milliseconds instead of a JVM start-up. Same
 *       semantics as {@code "spawn"}; the number of spares kept booted is the system property
 *       {@code multiprocessing4j.warm.spares} (default 1), and the first ones boot when this
 *       context is first asked for. A process with {@code jvmArgs} or {@code env} of its own
 *       cannot use a spare and is spawned afresh.</li>
 *   <li>{@code "thread"}: each process is a thread of this JVM, with the same API
 *       (Python's {@code multiprocessing.dummy}); nothing is serialised, and
 *       {@code terminate()}/{@code kill()} are refused.</li>
 * </ul>
 * Synchronisation primitives ({@link #lock()}, ...) live in shared memory under every start
 * method, so they work between threads of one JVM and between processes alike.
 * Immutable and thread-safe.
 */
public final class Context {

    static final String SPAWN = "spawn";
    static final String THREAD = "thread";
    static final String WARM = "warm";
    static final List<String> METHODS = List.of(SPAWN, WARM, THREAD);

    private static final Context SPAWN_CONTEXT = new Context(SPAWN);
    private static final Context WARM_CONTEXT = new Context(WARM);
    private static final Context THREAD_CONTEXT = new Context(THREAD);

    private final String startMethod;

    private Context(String startMethod) {
        this.startMethod = startMethod;
    }

    static Context of(String method) {
        return switch (checkMethod(method)) {
            case THREAD -> THREAD_CONTEXT;
            case WARM -> {
                if (!ProcessRegistry.current().isDaemon()) {
                    WarmSpares.prestart(); // a daemonic process cannot have children: no spares for it
                }
                yield WARM_CONTEXT;
            }
            default -> SPAWN_CONTEXT;
        };
    }

    static String checkMethod(String method) {
        Objects.requireNonNull(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown start method: method='" + method + "'; available: " + METHODS);
        }
        return method;
    }

    /** The start method of this context. */
    public String startMethod() {
        return startMethod;
    }

    /** A new, unstarted process running {@code target} with this context's start method. */
    public Process process(SerializableRunnable target) {
        var p = new Process(target);
        p.bindStartMethod(startMethod);
        return p;
    }

    /** A new, unstarted process called {@code name} running {@code target}. */
    public Process process(SerializableRunnable target, String name) {
        var p = new Process(target, name);
        p.bindStartMethod(startMethod);
        return p;
    }

    /** A new duplex {@link Pipe} (Python's {@code Pipe()}). */
    public Pipe pipe() {
        return Pipe.open();
    }

    /** A new {@link Pipe}; with {@code duplex} false, {@code left} only receives and {@code right} only sends. */
    public Pipe pipe(boolean duplex) {
        return Pipe.open(duplex);
    }

    /** A builder for a process with this context's start method. */
    public Process.Builder processBuilder() {
        return Process.builder().startMethod(startMethod);
    }

    /** A pool of {@code processes} workers with this context's start method. */
    public Pool pool(int processes) {
        return Pool.builder().processes(processes).startMethod(startMethod).build();
    }

    /** A builder for a pool with this context's start method. */
    public Pool.Builder poolBuilder() {
        return Pool.builder().startMethod(startMethod);
    }

    /**
     * A new unbounded {@link Queue} (Python's {@code Queue()}): {@code put} hands the item to a
     * feeder thread of the calling process and returns at once.
     */
    public <E> Queue<E> queue() {
        return org.multiprocessing4j.internal.local.SharedQueue.create(0);
    }

    /**
     * A new {@link Queue} holding at most {@code maxsize} items; as in CPython, {@code maxsize}
     * zero or negative means unbounded. A bounded queue's {@code put} writes the item before it
     * returns, waiting for room.
     */
    public <E> Queue<E> queue(int maxsize) {
        return org.multiprocessing4j.internal.local.SharedQueue.create(maxsize);
    }

    /** A new {@link SimpleQueue}. */
    public <E> SimpleQueue<E> simpleQueue() {
        return org.multiprocessing4j.internal.local.SharedSimpleQueue.create();
    }

    /** A new unbounded {@link JoinableQueue}. */
    public <E> JoinableQueue<E> joinableQueue() {
        return org.multiprocessing4j.internal.local.SharedJoinableQueue.create(0);
    }

    /** A new {@link JoinableQueue} of at most {@code maxsize} items (zero or negative: unbounded). */
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return org.multiprocessing4j.internal.local.SharedJoinableQueue.create(maxsize);
    }

    /**
     * A started {@link org.multiprocessing4j.managers.SyncManager} whose server process uses
     * this context's start method (Python's {@code ctx.Manager()}); close it to stop the server.
     */
    public org.multiprocessing4j.managers.SyncManager manager() {
        return org.multiprocessing4j.managers.SyncManager.builder().startMethod(startMethod).build().start();
    }

    /** A new {@link Lock} (the same shared-memory lock under every start method). */
    public Lock lock() {
        return SharedLock.create();
    }

    /** A new {@link RLock}. */
    public RLock rLock() {
        return SharedRLock.create();
    }

    /** A new {@link Semaphore} with {@code value} permits. */
    public Semaphore semaphore(int value) {
        return SharedSemaphore.create(value);
    }

    /** A new {@link BoundedSemaphore} with {@code value} permits, which is also its bound. */
    public BoundedSemaphore boundedSemaphore(int value) {
        return SharedBoundedSemaphore.create(value);
    }

    /** A new {@link Condition} over a new {@link RLock}. */
    public Condition condition() {
        return SharedCondition.create(SharedRLock.create());
    }

    /** A new {@link Condition} over {@code lock}. */
    public Condition condition(Lock lock) {
        return SharedCondition.create(lock);
    }

    /** A new {@link Condition} over {@code lock}. */
    public Condition condition(RLock lock) {
        return SharedCondition.create(lock);
    }

    /** A new, clear {@link Event}. */
    public Event event() {
        return SharedEvent.create();
    }

    /** A new {@link Barrier} for {@code parties} parties, without action or default timeout. */
    public Barrier barrier(int parties) {
        return SharedBarrier.create(parties, null, null);
    }

    /**
     * A new {@link Barrier} for {@code parties} parties.
     *
     * @param action run once per pass by the last party to arrive; null for none
     * @param timeout the default timeout of {@link Barrier#await()}; null for none
     */
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return SharedBarrier.create(parties, action, timeout);
    }

    @Override
    public String toString() {
        return "Context[" + startMethod + "]";
    }
}
