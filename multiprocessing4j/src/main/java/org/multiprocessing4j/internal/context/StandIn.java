package org.multiprocessing4j.internal.context;

import java.time.Duration;

/**
 * What a {@code Process} object that stands for a process this JVM did not start does instead
 * of controlling it: the running JVM itself ({@code MainProcess}) or its parent. Such an object
 * cannot be started, terminated or killed (the error says {@link #whyNotControllable()}), has no
 * exit code, and holds nothing to close; the rest is answered here.
 */
public interface StandIn {

    /** Why the process cannot be started or stopped, for the error message. */
    String whyNotControllable();

    /** The operating-system pid. */
    long pid();

    boolean isAlive();

    /**
     * Waits at most {@code timeout} (null: no limit) for the process to end.
     *
     * @throws IllegalStateException if it cannot be joined
     * @throws org.multiprocessing4j.InterruptedWaitException if interrupted while waiting
     */
    boolean join(Duration timeout);

    /** The object's {@code toString()}, given the process's name. */
    String describe(String name);
}
