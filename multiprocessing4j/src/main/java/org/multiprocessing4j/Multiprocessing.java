package org.multiprocessing4j;

import org.multiprocessing4j.internal.context.LocalContext;
import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.process.ProcessRegistry;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ready.WaitSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The module functions of Python's {@code multiprocessing}: who am I, who is my parent, which
 * children are running, how many CPUs, which start method, and waiting on several objects at
 * once. The factories use the default context ({@link #getStartMethod()}).
 */
public final class Multiprocessing {

    private Multiprocessing() {}

    /**
     * The process the caller runs in: a {@code MainProcess} in a JVM nothing started, the rebuilt
     * {@link Process} object in a child, the {@code "thread"} process on its thread.
     */
    public static Process currentProcess() {
        return ProcessRegistry.current();
    }

    /** The parent of the current process, or null in the root of the tree. */
    public static Process parentProcess() {
        return ProcessRegistry.parent();
    }

    /** The children of the current process that are still running; ended ones are forgotten. */
    public static List<Process> activeChildren() {
        var alive = new ArrayList<Process>();
        var children = currentProcess().children();
        for (Process p : children) {
            if (p.state() != Process.State.CLOSED && p.isAlive()) {
                alive.add(p);
            } else {
                children.remove(p);
            }
        }
        return alive;
    }

    /** The number of CPUs this JVM may use. */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The context of {@code method}: {@code "spawn"}, {@code "warm"} or {@code "thread"}. Asking
     * for {@code "warm"} boots its spares in the background if they are not there yet.
     */
    public static Context getContext(String method) {
        return LocalContext.of(LocalStartMethod.named(method));
    }

    /** The context of the default start method. */
    public static Context getContext() {
        return LocalContext.of(ProcessRegistry.defaultStartMethod());
    }

    /** The default start method: the one set, or {@code "spawn"}. */
    public static String getStartMethod() {
        return ProcessRegistry.defaultStartMethod().name();
    }

    /** The start methods this platform supports. */
    public static List<String> getAllStartMethods() {
        return LocalStartMethod.NAMES;
    }

    /**
     * Sets the default start method once.
     *
     * @throws IllegalStateException if another method was set before
     * @throws IllegalArgumentException if {@code method} is unknown
     */
    public static void setStartMethod(String method) {
        setStartMethod(method, false);
    }

    /** Sets the default start method; with {@code force}, even if one was set before. */
    public static void setStartMethod(String method, boolean force) {
        var m = LocalStartMethod.named(method);
        ProcessRegistry.setDefaultStartMethod(m, force);
        m.prepare(); // "warm" boots its spares now, so that the first start finds one
    }

    /** A new, unstarted process of the default context. */
    public static Process process(SerializableRunnable target) {
        return getContext().process(target);
    }

    /** A new, unstarted process of the default context, called {@code name}. */
    public static Process process(SerializableRunnable target, String name) {
        return getContext().process(target, name);
    }

    /** A pool of {@code processes} workers of the default context. */
    public static Pool pool(int processes) {
        return getContext().pool(processes);
    }

    /** A new unbounded {@link Queue}; see {@link Context#queue()}. */
    public static <E> Queue<E> queue() {
        return getContext().queue();
    }

    /** A new {@link Queue} of at most {@code maxsize} items (zero or negative: unbounded); see {@link Context#queue(int)}. */
    public static <E> Queue<E> queue(int maxsize) {
        return getContext().queue(maxsize);
    }

    /** A new {@link SimpleQueue}. */
    public static <E> SimpleQueue<E> simpleQueue() {
        return getContext().simpleQueue();
    }

    /** A new unbounded {@link JoinableQueue}. */
    public static <E> JoinableQueue<E> joinableQueue() {
        return getContext().joinableQueue();
    }

    /** A new {@link JoinableQueue} of at most {@code maxsize} items (zero or negative: unbounded). */
    public static <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return getContext().joinableQueue(maxsize);
    }

    /** A started manager of the default context; see {@link Context#manager()}. */
    public static org.multiprocessing4j.managers.SyncManager manager() {
        return getContext().manager();
    }

    /** A new {@link Lock}; see {@link Context#lock()}. */
    public static Lock lock() {
        return getContext().lock();
    }

    /** A new {@link RLock}. */
    public static RLock rLock() {
        return getContext().rLock();
    }

    /** A new {@link Semaphore} with {@code value} permits. */
    public static Semaphore semaphore(int value) {
        return getContext().semaphore(value);
    }

    /** A new {@link BoundedSemaphore} with {@code value} permits. */
    public static BoundedSemaphore boundedSemaphore(int value) {
        return getContext().boundedSemaphore(value);
    }

    /** A new {@link Condition} over a new {@link RLock}. */
    public static Condition condition() {
        return getContext().condition();
    }

    /** A new {@link Condition} over {@code lock}. */
    public static Condition condition(Lock lock) {
        return getContext().condition(lock);
    }

    /** A new {@link Condition} over {@code lock}. */
    public static Condition condition(RLock lock) {
        return getContext().condition(lock);
    }

    /** A new, clear {@link Event}. */
    public static Event event() {
        return getContext().event();
    }

    /** A new {@link Barrier} for {@code parties} parties. */
    public static Barrier barrier(int parties) {
        return getContext().barrier(parties);
    }

    /** A new {@link Barrier}; see {@link Context#barrier(int, SerializableRunnable, Duration)}. */
    public static Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return getContext().barrier(parties, action, timeout);
    }

    /** A new duplex {@link Pipe} (Python's {@code multiprocessing.Pipe()}). */
    public static Pipe pipe() {
        return Pipe.open();
    }

    /** A new {@link Pipe}; with {@code duplex} false, {@code left} only receives and {@code right} only sends. */
    public static Pipe pipe(boolean duplex) {
        return Pipe.open(duplex);
    }

    /**
     * Waits until at least one of {@code objects} is ready, or the timeout expires, and returns
     * the ready ones (Python's {@code multiprocessing.connection.wait}). A {@link Process} or its
     * {@link Sentinel} is ready when the process has ended; a {@link Connection} when
     * {@link Connection#poll()} would return true: a message has started to arrive, or the peer
     * has closed or died (a receive then raises {@link EndOfStreamException}); a {@link Queue},
     * {@link JoinableQueue} or {@link SimpleQueue} of this library's factories when it holds an
     * item (another getter may still take it first). Waiting consumes nothing.
     *
     * @param timeout null to wait without limit; zero or negative to poll
     * @return the ready objects, in the order given; empty on timeout
     * @throws IllegalArgumentException if an object is of a kind that cannot be waited on
     * @throws IllegalStateException if a connection is closed or write-only, or a queue was closed
     *         in this process
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public static <T> List<T> wait(Collection<? extends T> objects, Duration timeout) {
        var readiness = readinessOf(objects);
        await(readiness, false, timeout, "waiting for any object");
        var ready = new ArrayList<T>();
        int i = 0;
        for (T o : objects) {
            if (readiness.get(i++).isReady()) {
                ready.add(o);
            }
        }
        return ready;
    }

    /** {@link #wait(Collection, Duration)} without a time limit. */
    public static <T> List<T> wait(Collection<? extends T> objects) {
        return wait(objects, null);
    }

    /** Same as {@link #wait(Collection, Duration)}. */
    public static <T> List<T> waitAny(Collection<? extends T> objects, Duration timeout) {
        return wait(objects, timeout);
    }

    /**
     * Waits until all of {@code objects} are ready (as {@link #wait(Collection, Duration)} defines
     * it) or the timeout expires.
     *
     * @return whether all are ready
     */
    public static boolean waitAll(Collection<?> objects, Duration timeout) {
        return await(readinessOf(objects), true, timeout, "waiting for all objects");
    }

    private static List<Readiness> readinessOf(Collection<?> objects) {
        Objects.requireNonNull(objects, "objects");
        var result = new ArrayList<Readiness>(objects.size());
        for (Object o : objects) {
            result.add(switch (o) {
                case Sentinel s -> s.readiness();
                case Process p -> p.sentinel().readiness();
                case Connection c -> c.readiness();
                case org.multiprocessing4j.internal.local.SharedQueue<?> q -> q.readiness();
                case org.multiprocessing4j.internal.local.SharedSimpleQueue<?> q -> q.readiness();
                case null -> throw new IllegalArgumentException("objects must not contain null");
                default -> throw new IllegalArgumentException(
                        "cannot wait on " + o.getClass().getName() + ": expected a Process, a Sentinel, a Connection or a queue");
            });
        }
        return result;
    }

    /**
     * Proceed in three steps: check without blocking; register every object with one wait set;
     * then sleep on the set, re-register and re-check after each wake-up until the condition
     * holds or the time is up. Objects only say how to wake the set, so any mix of kinds works.
     *
     * @return whether the condition (any or all ready) holds
     */
    private static boolean await(List<Readiness> objects, boolean all, Duration timeout, String what) {
        if (holds(objects, all)) {
            return true;
        }
        long timeoutNanos = timeout == null ? -1 : Math.max(0, Connection.saturatedNanos(timeout));
        if (timeoutNanos == 0) {
            return false;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try (var set = new WaitSet()) {
            while (true) {
                // watch again on every round: an object may have moved to another channel
                // (a pipe end handed over directly), which it signals by waking the set
                for (Readiness r : objects) {
                    r.watch(set);
                }
                if (holds(objects, all)) {
                    return true;
                }
                long remaining = timeoutNanos < 0 ? -1 : deadline - System.nanoTime();
                if (timeoutNanos >= 0 && remaining <= 0) {
                    return false;
                }
                set.await(remaining);
            }
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of(what, e);
        }
    }

    private static boolean holds(List<Readiness> objects, boolean all) {
        for (Readiness r : objects) {
            if (r.isReady() != all) {
                return !all;
            }
        }
        return all;
    }
}
