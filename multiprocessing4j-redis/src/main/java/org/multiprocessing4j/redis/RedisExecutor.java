package org.multiprocessing4j.redis;

import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableRunnable;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link java.util.concurrent.ExecutorService} whose tasks run on the session's agents
 * ({@link RedisContext#executor(int)}): each task is one chunk of a {@link RedisPool}. Tasks must
 * be serialisable ({@link SerializableCallable}, {@link SerializableRunnable}, or any
 * {@code Callable}/{@code Runnable} that implements {@link Serializable}); others are refused with
 * {@link IllegalArgumentException} at submission. A task's own exception is the cause of
 * {@code Future.get}'s {@link ExecutionException}; a lost agent's is a
 * {@link org.multiprocessing4j.WorkerLostException}. {@code cancel} only stops the future from
 * completing: a task an agent took runs to its end. Thread-safe.
 */
public final class RedisExecutor extends AbstractExecutorService {

    private final RedisPool pool;

    RedisExecutor(RedisPool pool) {
        this.pool = pool;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Remote<>(pool, serializable(callable));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        if (!(runnable instanceof Serializable)) {
            throw refused(runnable);
        }
        SerializableRunnable task = runnable::run;
        return new Remote<>(pool, () -> {
            task.run();
            return value;
        });
    }

    @Override
    public void execute(Runnable command) {
        (command instanceof Remote<?> r ? r : newTaskFor(command, null)).run();
    }

    @SuppressWarnings("unchecked")
    private static <T> SerializableCallable<T> serializable(Callable<T> c) {
        if (c instanceof SerializableCallable<?> s) {
            return (SerializableCallable<T>) s;
        }
        if (c instanceof Serializable) {
            return c::call;
        }
        throw refused(c);
    }

    private static IllegalArgumentException refused(Object task) {
        return new IllegalArgumentException("task must be serialisable to run on an agent (use SerializableCallable or "
                + "SerializableRunnable): task=" + (task == null ? "null" : task.getClass().getName()));
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        pool.terminate();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** A task sent to the pool when run (by {@link #execute}). */
    private static final class Remote<T> implements RunnableFuture<T> {
        private final RedisPool pool;
        private final SerializableCallable<T> task;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private boolean sent;

        Remote(RedisPool pool, SerializableCallable<T> task) {
            this.pool = pool;
            this.task = task;
        }

        @Override
        public synchronized void run() {
            if (sent || future.isDone()) {
                return;
            }
            sent = true;
            pool.applyAsync(task, future::complete, future::completeExceptionally);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return future.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return future.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return future.get(timeout, unit);
        }
    }
}
