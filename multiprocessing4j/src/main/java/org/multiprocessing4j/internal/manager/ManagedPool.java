package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.WorkerPool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The server side of a manager's pool: a {@link Pool} of the manager process's default start
 * method, reached through its engine so that clients get outcomes in the engine's form. Each
 * call blocks a server handler thread (one per client thread) until its work is done.
 */
public final class ManagedPool implements RemotePool, SyncTypes.Releasable {

    private final Pool pool;
    private final WorkerPool workers;

    public ManagedPool(Integer processes) {
        this.pool = Pool.builder().processes(processes).build();
        this.workers = Access.pool().workers(pool);
    }

    @Override
    public int processes() {
        return workers.processes();
    }

    @Override
    public Object apply(Object callable) throws Throwable {
        var done = new CompletableFuture<>();
        workers.apply(callable, done::complete, done::completeExceptionally);
        return outcome(done);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> map(boolean star, Object fn, List<Object> items, int chunksize) throws Throwable {
        var done = new CompletableFuture<List<Object>>();
        workers.<Object>map(star, fn, items, chunksize, done::complete, done::completeExceptionally);
        return (List<Object>) outcome(done);
    }

    @Override
    public ChunkOutcome chunk(Object fn, List<Object> items) throws Throwable {
        var done = new CompletableFuture<ChunkOutcome>();
        var target = workers.chunks();
        target.beginFeeder();
        try {
            target.submit(fn, items.toArray(), (values, failures) -> done.complete(new ChunkOutcome(values, failures)));
        } finally {
            target.endFeeder();
        }
        return (ChunkOutcome) outcome(done);
    }

    /** Waits for {@code done}; a failure is thrown as the engine reported it. */
    private static Object outcome(CompletableFuture<?> done) throws Throwable {
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
