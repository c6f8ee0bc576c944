package org.multiprocessing4j;

import org.multiprocessing4j.internal.spawn.Popen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
        return Context.of(method);
    }

    /** The context of the default start method. */
    public static Context getContext() {
        return Context.of(ProcessRegistry.defaultStartMethod());
    }

    /** The default start method: the one set, or {@code "spawn"}. */
    public static String getStartMethod() {
        return ProcessRegistry.defaultStartMethod();
    }

    /** The start methods this platform supports. */
    public static List<String> getAllStartMethods() {
        return Context.METHODS;
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
        ProcessRegistry.setDefaultStartMethod(Context.checkMethod(method), force);
        Context.of(method); // "warm" boots its spares now, so that the first start finds one
    }

    /** A new, unstarted process of the default context. */
    public static Process process(SerializableRunnable target) {
        return getContext().process(target);
    }

    /** A new, unstarted process of the default context, called {@code name}. */
    public static Process process(SerializableRunnable target, String name) {
        return getContext().process(target, name);
    }

    /**
     * Waits until at least one of {@code objects} is ready, or the timeout expires, and returns
     * the ready ones (Python's {@code multiprocessing.connection.wait}). A {@link Process} or its
     * {@link Sentinel} is ready when the process has ended.
     *
     * @param timeout null to wait without limit; zero or negative to poll
     * @return the ready objects, in the order given; empty on timeout
     * @throws IllegalArgumentException if an object is of a kind that cannot be waited on
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public static <T> List<T> wait(Collection<? extends T> objects, Duration timeout) {
        var futures = futuresOf(objects);
        if (futures.stream().noneMatch(CompletableFuture::isDone)) {
            await(CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new)), timeout, "waiting for any object");
        }
        var ready = new ArrayList<T>();
        int i = 0;
        for (T o : objects) {
            if (futures.get(i++).isDone()) {
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
     * Waits until all of {@code objects} are ready or the timeout expires.
     *
     * @return whether all are ready
     */
    public static boolean waitAll(Collection<?> objects, Duration timeout) {
        var futures = futuresOf(objects);
        return await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)), timeout, "waiting for all objects");
    }

    private static List<CompletableFuture<?>> futuresOf(Collection<?> objects) {
        Objects.requireNonNull(objects, "objects");
        var futures = new ArrayList<CompletableFuture<?>>(objects.size());
        for (Object o : objects) {
            futures.add(switch (o) {
                case Sentinel s -> s.future();
                case Process p -> p.sentinel().future();
                case null -> throw new IllegalArgumentException("objects must not contain null");
                default -> throw new IllegalArgumentException(
                        "cannot wait on " + o.getClass().getName() + ": expected a Process or a Sentinel");
            });
        }
        return futures;
    }

    private static boolean await(CompletableFuture<?> f, Duration timeout, String what) {
        try {
            return Popen.awaitDone(f, timeout);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of(what, e);
        }
    }
}
