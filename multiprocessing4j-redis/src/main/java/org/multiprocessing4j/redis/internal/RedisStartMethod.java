package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.internal.context.PoolSpec;
import org.multiprocessing4j.internal.context.ProcessLaunch;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.spawn.Popen;

/**
 * The start method of a Redis context ({@code "redis"}): pools are {@link RedisWorkerPool}s whose
 * chunks run on the session's host agents, with {@link #retries()} reruns of a chunk whose agent
 * died. Immutable and thread-safe.
 *
 * @param retries how many times a chunk whose agent died runs again elsewhere (0: it fails with
 *        {@code WorkerLostException})
 */
public record RedisStartMethod(Session session, int retries) implements StartMethod {

    /** The name of the start method, as {@code Context.startMethod()} reports it. */
    public static final String NAME = "redis";

    public RedisStartMethod {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0: retries=" + retries);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Popen start(ProcessLaunch process) {
        throw new UnsupportedOperationException("processes on agents are not implemented yet (issue 15)");
    }

    /** A process runs on an agent's host, apart from this JVM, which joins or terminates it at exit. */
    @Override
    public boolean separateProcess() {
        return true;
    }

    @Override
    public WorkerPool pool(PoolSpec spec) {
        return new RedisWorkerPool(session, spec, retries);
    }

    @Override
    public String toString() {
        return NAME + "[" + session.options().session() + (retries > 0 ? ", retries " + retries : "") + "]";
    }
}
