package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the runtime does when its JVM exits, in a fixed order, from one shutdown hook.
 *
 * <p>JVM shutdown hooks run concurrently and in no particular order, but exit work has an
 * order: children must be terminated or joined before the resources they use are released,
 * and the session directory goes last. Every part of the runtime registers its exit task here
 * under a {@link Phase}; tasks of one phase run in registration order, and a task that fails
 * does not stop the others.
 */
public final class SpawnRuntime {

    /** The order of exit work. */
    public enum Phase {
        /**
         * Executors nobody shut down run their pending work to the end (CPython joins them
         * before its other exit work), while managers and children are still there for it.
         */
        EXECUTORS,
        /**
         * Work that needs the children still running (CPython's finalizers of exit priority
         * 0): manager proxies release their references, started managers shut down.
         */
        FINALIZERS,
        /** Terminate daemonic children, join the others. */
        CHILDREN,
        /** Release what children no longer need: control sockets, shared segments. */
        RESOURCES,
        /** Remove the session directory (in the root of the tree only). */
        SESSION,
        /** In a child: close the control channel to the parent, the very last thing. */
        PARENT_LINK
    }

    private static final System.Logger LOG = LazyLogger.of(SpawnRuntime.class);
    private static final Map<Phase, List<Runnable>> TASKS = new EnumMap<>(Phase.class);
    private static boolean hookInstalled;
    private static boolean exiting;
    private static volatile boolean endingChildren;
    private static volatile boolean signalled;

    private SpawnRuntime() {}

    /** Threads a library keeps for itself, which a child does not wait for at the end of its run. */
    private static final java.util.List<java.util.function.Predicate<Thread>> SERVICE_THREADS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Declares threads that a library (the Redis client) starts as non-daemon threads and stops
     * in an exit phase: a child ends when its own non-daemon threads have, without waiting for
     * these, and the exit phases then stop them.
     */
    public static void addServiceThreads(java.util.function.Predicate<Thread> which) {
        SERVICE_THREADS.add(java.util.Objects.requireNonNull(which, "which"));
    }

    /** Whether {@code t} was declared with {@link #addServiceThreads}. */
    public static boolean isServiceThread(Thread t) {
        for (var p : SERVICE_THREADS) {
            if (p.test(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code task} when this JVM exits (normally or by a signal it can catch), in
     * {@code phase}. Registered during exit (ours, or the JVM's shutdown already under way), it is ignored.
     */
    public static synchronized void onExit(Phase phase, Runnable task) {
        if (exiting) {
            return;
        }
        if (!hookInstalled) {
            try {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mp4j-exit").unstarted(SpawnRuntime::runAll));
            } catch (IllegalStateException e) {
                return; // the JVM's shutdown began before ours (System.exit, an OutOfMemoryError): as during exit
            }
            hookInstalled = true;
        }
        TASKS.computeIfAbsent(phase, p -> new ArrayList<>()).add(task);
    }

    /**
     * This JVM exits because of a termination signal (a child's {@code terminate()}): its exit
     * tasks then end their children instead of waiting for them, as a CPython process killed by
     * SIGTERM runs no exit handlers, and no process of the tree is left behind.
     */
    static void exitBySignal() {
        signalled = true;
    }

    /**
     * Called by the exit's {@link Phase#CHILDREN} task when it starts to end this JVM's children,
     * after the executors' pending work and the finalizers have run.
     */
    public static void endingChildren() {
        endingChildren = true;
    }

    /**
     * Whether this JVM's exit ends its children now: a pool then starts no worker in place of
     * one that ends (the exit would only terminate it). Not before: an executor nobody shut down
     * still runs its pending work at exit ({@link Phase#EXECUTORS}), replacing workers as usual.
     */
    public static boolean isEndingChildren() {
        return endingChildren;
    }

    /** Whether this JVM exits because of a termination signal (see {@link #exitBySignal()}). */
    public static boolean exitingBySignal() {
        return signalled;
    }

    /**
     * Runs the {@link Phase#EXECUTORS} then the {@link Phase#FINALIZERS} tasks now, once: a
     * child JVM joins its children before its shutdown hooks run, and these tasks must come
     * before that join.
     */
    public static void runFinalizers() {
        List<Runnable> tasks = new ArrayList<>();
        synchronized (SpawnRuntime.class) {
            tasks.addAll(TASKS.getOrDefault(Phase.EXECUTORS, List.of()));
            tasks.addAll(TASKS.getOrDefault(Phase.FINALIZERS, List.of()));
            TASKS.remove(Phase.EXECUTORS);
            TASKS.remove(Phase.FINALIZERS);
        }
        run(tasks);
    }

    private static void runAll() {
        List<Runnable> ordered = new ArrayList<>();
        synchronized (SpawnRuntime.class) {
            exiting = true;
            for (Phase phase : Phase.values()) {
                ordered.addAll(TASKS.getOrDefault(phase, List.of()));
            }
        }
        run(ordered);
    }

    private static void run(List<Runnable> tasks) {
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "exit task failed", e);
            }
        }
    }
}
