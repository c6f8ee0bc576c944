package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Pool;

/** What internal code may do with a {@link Pool} beyond its public API; see {@link Access}. */
public interface PoolAccess {

    /** A builder of pools whose engine {@code method} makes (a context's {@code poolBuilder()}). */
    Pool.Builder builder(StartMethod method);

    /** The engine {@code pool} delegates to (what a {@code ProcessPoolExecutor} is built on). */
    WorkerPool workers(Pool pool);

    /** A pool over {@code engine}, made elsewhere than by a start method (a manager's pool). */
    Pool wrap(WorkerPool engine);
}
