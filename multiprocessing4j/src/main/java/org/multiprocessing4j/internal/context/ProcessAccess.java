package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;

/** What internal code may do with a {@link Process} beyond its public API; see {@link Access}. */
public interface ProcessAccess {

    /** A builder of processes that start with {@code method} (a context's {@code processBuilder()}). */
    Process.Builder builder(StartMethod method);

    /** A started process object, outside any numbering, that stands for a process this JVM did not start. */
    Process standIn(String name, byte[] authkey, StandIn behaviour);

    /** An unstarted process outside any numbering (a warm spare's rehearsal, the AOT cache's training run). */
    Process detached(String name, SerializableRunnable target);

    /**
     * What travels to a child of a process whose class is {@code Process} itself: the fields
     * JDK serialisation would carry, and nothing else.
     */
    record Parts(String name, boolean daemon, int[] identity, SerializableRunnable target) {}

    /** The travelling fields of {@code process}, or null if its class is not {@code Process} itself (a subclass has fields of its own). */
    Parts parts(Process process);

    /** The process JDK serialisation of a plain {@code Process} with these fields would deliver in a child. */
    Process fromParts(Parts parts);

    /** Sets up {@code process}, just decoded in a child JVM, as started there with {@code authkey}. */
    void becomeChild(Process process, byte[] authkey);

    /**
     * Runs {@code process} on the calling thread as a child does: returns 0, or 1 after printing
     * an uncaught exception under a {@code Process <name>:} header.
     */
    int bootstrap(Process process);
}
