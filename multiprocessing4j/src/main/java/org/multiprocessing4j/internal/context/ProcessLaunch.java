package org.multiprocessing4j.internal.context;

import java.util.List;
import java.util.Map;

/**
 * What a {@link StartMethod} sees of the {@code Process} it starts, handed over by
 * {@code Process.start()}: the process's settings, its serialised form for another JVM, and a way
 * to run it on the calling thread as the current process.
 */
public interface ProcessLaunch {

    String name();

    boolean daemon();

    /** The process's authentication key (not a copy: do not change it). */
    byte[] authkey();

    List<String> jvmArgs();

    Map<String, String> env();

    /** The name of the process that starts this one: the child's parent. */
    String parentName();

    /** The name of the default start method, which a child JVM inherits. */
    String inheritedStartMethod();

    /**
     * The process serialised (target, captured arguments, fields of a subclass), as a child JVM
     * decodes it.
     *
     * @throws org.multiprocessing4j.SerializationException naming the process and the class that
     *         could not be serialised
     */
    byte[] payload();

    /**
     * Runs the process on the calling thread as the current process there (the thread start
     * method); returns the exit code (0, or 1 after printing an uncaught exception).
     */
    int runHere();
}
