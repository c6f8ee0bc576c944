package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.EngineWorkerPool;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.pool.Chunk;
import org.multiprocessing4j.internal.pool.ChunkEngine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The server side of a manager's pool: a {@link Pool} of the manager process's default start
 * method, whose chunk engine runs the chunks clients send, so that they get outcomes in the
 * engine's form. Each call blocks a server handler thread (one per client thread) until its
 * chunk is done.
 */
public final class ManagedPool implements RemotePool, SyncTypes.Releasable {

    private final Pool pool;
    private final WorkerPool workers;
    private final ChunkEngine engine;

    public ManagedPool(Integer processes) {
        this.pool = Pool.builder().processes(processes).build();
        this.workers = Access.pool().workers(pool);
        if (!(workers instanceof EngineWorkerPool e)) {
            pool.terminate();
            throw new IllegalStateException("the manager's default start method makes pools whose chunks it cannot run: "
                    + workers.getClass().getName());
        }
        this.engine = e.engine();
    }

    @Override
    public int processes() {
        return workers.processes();
    }

    @Override
    public ChunkOutcome chunk(String kind, Object fn, Object[] items, long first) throws Throwable {
        var done = new CompletableFuture<ChunkOutcome>();
        engine.submit(Chunk.Kind.valueOf(kind), fn, items, first, (values, failures) -> done.complete(new ChunkOutcome(values, failures)),
                false);
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Override
    public void shutdown() {
        workers.shutdown();
    }

    @Override
    public void terminate() {
        workers.terminate();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout, true);
    }

    @Override
    public String state() {
        return workers.state();
    }

    @Override
    public void released() {
        pool.terminate();
    }

    @Override
    public String toString() {
        return pool.toString();
    }
}
