package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Process;

/** What internal code may do with a {@link Process} beyond its public API; see {@link Access}. */
public interface ProcessAccess {

    /** A builder of processes that start with {@code method} (a context's {@code processBuilder()}). */
    Process.Builder builder(StartMethod method);
}
