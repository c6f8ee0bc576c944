package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.futures.ProcessPoolExecutor;

/** What internal code may do with a {@link ProcessPoolExecutor} beyond its public API; see {@link Access}. */
public interface ExecutorAccess {

    /** A builder of executors whose engine {@code method} makes (a backend context's {@code executor(n)}). */
    ProcessPoolExecutor.Builder builder(StartMethod method);
}
