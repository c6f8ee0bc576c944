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

    /** Sets up {@code process}, just decoded in a child JVM, as started there with {@code authkey}. */
    void becomeChild(Process process, byte[] authkey);

    /**
     * Runs {@code process} on the calling thread as a child does: returns 0, or 1 after printing
     * an uncaught exception under a {@code Process <name>:} header.
     */
    int bootstrap(Process process);
}
