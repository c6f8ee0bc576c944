package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.internal.context.PoolSpec;
import org.multiprocessing4j.internal.context.ProcessLaunch;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.spawn.Popen;

/**
 * The start method of a Redis context ({@code "redis"}): processes ({@link RedisPopen}) and the
 * chunks of pools ({@link RedisWorkerPool}) run on the session's host agents, each in a local
 * child JVM of the agent that takes it, with {@link #retries()} reruns of a chunk whose agent
 * died (never of a process). Immutable and thread-safe.
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
        return RedisPopen.launch(session, process);
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
