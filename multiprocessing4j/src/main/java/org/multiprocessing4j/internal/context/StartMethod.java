package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.internal.spawn.Popen;

/**
 * How a context runs work (CPython's {@code Popen} classes, one per start method): it starts
 * a {@code Process} and it makes the engine of a {@code Pool} (and so of a
 * {@code ProcessPoolExecutor}). {@code Process}, {@code Pool} and the executor hold the start
 * method object their context gave them and ask it; no other code looks at a start method's
 * name. The local ones are {@link LocalStartMethod}s; another backend supplies its own (the
 * Redis context's runs work on host agents).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface StartMethod {

    /** The name users pass to {@code getContext(String)} and builders, e.g. {@code "spawn"}. */
    String name();

    /**
     * Starts {@code process} and returns the handle through which the {@code Process} object
     * observes and stops it. Called once per process, under the process object's guard.
     *
     * @throws org.multiprocessing4j.SerializationException if the process cannot be serialised
     *         (nothing was started)
     * @throws org.multiprocessing4j.MultiprocessingException if it cannot be started
     */
    Popen start(ProcessLaunch process);

    /**
     * Whether a started process is a process of the operating system apart from this JVM, which
     * this JVM terminates (daemonic) or joins when it exits, as CPython's exit handler does.
     */
    boolean separateProcess();

    /** The engine of a new pool: its workers are started now. */
    WorkerPool pool(PoolSpec spec);

    /**
     * Called when a context of this start method is asked for, before it is used (the warm
     * start method boots its spares then). Does not block.
     */
    default void prepare() {
    }
}
