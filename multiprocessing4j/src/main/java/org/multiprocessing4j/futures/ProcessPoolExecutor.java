package org.multiprocessing4j.futures;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.pool.PoolOps;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link java.util.concurrent.ExecutorService} whose tasks run in worker JVMs (Python's
 * {@code concurrent.futures.ProcessPoolExecutor}), on the same supervised engine as {@link Pool}:
 * a worker that dies fails only the task it was running ({@code WorkerLostException} as the
 * cause of the future's {@code ExecutionException}) and is replaced, and {@code taskTimeout} /
 * {@code memoryLimit} work as in the pool. Errors number tasks as {@link Pool} does, from 0:
 * a submitted task by the order of submission to this executor ("task 2" is the third
 * {@code submit}/{@code execute}/{@code invoke*} task), an item of {@code map} by its index in
 * the input.
 *
 * <p>Tasks must be serialisable: pass a {@link SerializableCallable} or
 * {@link SerializableRunnable} (a lambda assigned to one is serialisable; the overloads make a
 * lambda argument one automatically). A task that cannot be serialised fails in
 * {@code submit} with {@link SerializationException}. Futures are {@link CompletableFuture}s;
 * {@code cancel} succeeds only while the task is queued, as in Python (and again on a cancelled
 * future, as {@code CompletableFuture} does). Workers that keep dying before they take a task
 * (a failing initializer) break the executor: its futures fail with
 * {@link BrokenProcessPoolException}, the pool's error as the cause, and so does a later
 * {@code submit}. An executor nobody shut down runs its pending tasks to the end when the JVM
 * exits, as CPython joins its executors at exit. With the
 * {@code "thread"} start method this is a thread pool with the same behaviour (Python's
 * {@code ThreadPoolExecutor}).
 */
public class ProcessPoolExecutor implements ExecutorService {

    /** Executors not yet known to be terminated: joined at JVM exit (see {@link #joinAtExit()}). */
    private static final Set<ProcessPoolExecutor> LIVE = ConcurrentHashMap.newKeySet();

    static {
        SpawnRuntime.onExit(SpawnRuntime.Phase.EXECUTORS, ProcessPoolExecutor::joinAtExit);
        Access.setExecutorAccess(method -> new Builder(Access.pool().builder(method)));
    }

    private final Pool pool;
    /** The engine of {@link #pool}, as its context's start method made it. */
    private final WorkerPool engine;
    /** The futures not yet done, with the task each was submitted as. */
    private final Map<CompletableFuture<?>, Object> pending = new ConcurrentHashMap<>();

    /** An executor with {@code maxWorkers} worker JVMs. */
    public ProcessPoolExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ProcessPoolExecutor(Builder b) {
        this.pool = b.pool.build();
        this.engine = Access.pool().workers(pool);
        LIVE.removeIf(ProcessPoolExecutor::isTerminated);
        LIVE.add(this);
    }

    /**
     * At JVM exit (the main method returned, or {@code System.exit}), every executor that is
     * still running or shutting down runs its pending tasks to the end, as CPython joins its
     * executors at interpreter exit: {@code shutdown(true, false)}. Not in a child ended by
     * {@code terminate()}.
     */
    private static void joinAtExit() {
        if (SpawnRuntime.exitingBySignal()) {
            return; // terminated: as a CPython process killed by SIGTERM, no pending work runs
        }
        for (ProcessPoolExecutor e : LIVE) {
            e.shutdown(true, false);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The number of worker processes. */
    public int maxWorkers() {
        return pool.processes();
    }

    // ---- submission ----

    /** Runs {@code task} in a worker. */
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        return submitTask(Objects.requireNonNull(task, "task"), task);
    }

    /**
     * Runs {@code task} in a worker; it must also be {@link Serializable} (use
     * {@link #submit(SerializableCallable)} for a lambda).
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        if (task instanceof SerializableCallable<T> s) {
            return submit(s);
        }
        requireSerializable(task);
        SerializableCallable<T> call = task::call;
        return submitTask(call, task);
    }

    public CompletableFuture<?> submit(SerializableRunnable task) {
        return submit(task, null);
    }

    public <T> CompletableFuture<T> submit(SerializableRunnable task, T result) {
        Objects.requireNonNull(task, "task");
        SerializableCallable<T> call = () -> {
            task.run();
            return result;
        };
        return submitTask(call, task);
    }

    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        if (task instanceof SerializableRunnable s) {
            return submit(s, result);
        }
        requireSerializable(task);
        SerializableRunnable run = task::run;
        return submit(run, result);
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    /** Runs {@code command} in a worker; the overload a lambda argument picks. */
    public void execute(SerializableRunnable command) {
        submit(command);
    }

    private <T> CompletableFuture<T> submitTask(SerializableCallable<T> call, Object original) {
        CompletableFuture<T> f;
        try {
            f = engine.submit(call); // a broken pool raises BrokenProcessPoolException, as CPython's submit
        } catch (IllegalStateException e) {
            throw new java.util.concurrent.RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
        }
        pending.put(f, original);
        f.whenComplete((v, e) -> pending.remove(f));
        return f;
    }

    private void requireSerializable(Object task) {
        if (!(task instanceof Serializable) && engine.serialisesWork()) {
            throw new SerializationException("a task for worker processes must be serialisable, and "
                    + task.getClass().getName() + " is not: submit a SerializableCallable or SerializableRunnable",
                    task.getClass().getName(), null);
        }
    }

    // ---- bulk operations ----

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        var futures = new ArrayList<Future<T>>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // reported by the future itself
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        var futures = new ArrayList<Future<T>>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // reported by the future itself
            } catch (TimeoutException e) {
                futures.forEach(g -> g.cancel(true));
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot happen without a timeout", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        var futures = new ArrayList<CompletableFuture<T>>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        Duration limit = timeout == Long.MAX_VALUE ? null : Duration.ofNanos(unit.toNanos(timeout));
        ExecutionException last = null;
        try {
            var it = Futures.asCompleted(futures, limit);
            while (it.hasNext()) {
                var f = it.next();
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    last = e;
                }
            }
        } catch (WaitTimeoutException e) {
            throw new TimeoutException(e.getMessage());
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        throw last;
    }

    /**
     * Applies {@code fn} to every item and yields the results in input order (Python's
     * {@code Executor.map}); the items are read at once and submitted in chunks of
     * {@code chunksize}. The timeout is overall, counted from this call (null: none):
     * {@code hasNext()} never waits, and {@code next()} throws {@link WaitTimeoutException} when
     * the next result is not ready by then, or the item's failure at its position (its own
     * unchecked exception as itself).
     */
    public <T, R> Iterator<R> map(SerializableFunction<T, R> fn, Iterable<T> items, Duration timeout, int chunksize) {
        Objects.requireNonNull(fn, "fn");
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1: chunksize=" + chunksize);
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        List<T> list = PoolOps.toList(Objects.requireNonNull(items, "items"));
        org.multiprocessing4j.ResultIterator<R> ordered;
        try {
            ordered = pool.imap(fn, list, chunksize);
        } catch (IllegalStateException e) {
            throw new java.util.concurrent.RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
        }
        int count = list.size();
        return new Iterator<>() {
            private int yielded;

            /** Does not wait: the input is known, so there is a next result until all are yielded. */
            @Override
            public boolean hasNext() {
                return yielded < count;
            }

            @Override
            public R next() {
                if (yielded >= count) {
                    throw new java.util.NoSuchElementException("no more results: all " + count + " were yielded");
                }
                boolean timedOut = false;
                try {
                    return deadline == Long.MAX_VALUE ? ordered.next()
                            : ordered.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                } catch (WaitTimeoutException e) {
                    timedOut = true; // the position is not consumed: next() may be called again
                    throw e;
                } finally {
                    if (!timedOut) {
                        yielded++; // a result, or a failure thrown at its position
                    }
                }
            }
        };
    }

    /** {@link #map(SerializableFunction, Iterable, Duration, int)} without a timeout, one item per chunk. */
    public <T, R> Iterator<R> map(SerializableFunction<T, R> fn, Iterable<T> items) {
        return map(fn, items, null, 1);
    }

    // ---- lifecycle ----

    /** No new tasks; queued ones still run. Does not wait (see {@link #shutdown(boolean, boolean)}). */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: no new tasks; with {@code cancelFutures},
     * queued tasks are cancelled; with {@code wait}, returns when every task has ended.
     */
    public void shutdown(boolean wait, boolean cancelFutures) {
        if (cancelFutures) {
            pending.keySet().forEach(f -> f.cancel(false));
        }
        pool.shutdown();
        if (wait) {
            pool.join();
            LIVE.remove(this);
        }
    }

    /**
     * Cancels the queued tasks, ends the workers now (running tasks fail with
     * {@link BrokenProcessPoolException}), and returns the tasks that never started.
     */
    @Override
    public List<Runnable> shutdownNow() {
        var neverStarted = new ArrayList<Runnable>();
        for (var e : pending.entrySet()) {
            if (e.getKey().cancel(false)) {
                neverStarted.add(asRunnable(e.getValue()));
            }
        }
        for (CompletableFuture<?> f : pending.keySet()) {
            f.completeExceptionally(new BrokenProcessPoolException("the executor was shut down with shutdownNow()", null));
        }
        pool.terminate();
        LIVE.remove(this);
        return neverStarted;
    }

    private static Runnable asRunnable(Object task) {
        if (task instanceof Runnable r) {
            return r;
        }
        var c = (Callable<?>) task;
        return () -> {
            try {
                c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    public boolean isShutdown() {
        return engine.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return engine.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return engine.awaitTermination(Duration.ofNanos(unit.toNanos(timeout)), false);
    }

    /** Shuts down and waits for every task to end ({@code try}-with-resources). */
    @Override
    public void close() {
        shutdown(true, false);
    }

    @Override
    public String toString() {
        return "<ProcessPoolExecutor maxWorkers=" + maxWorkers() + " state=" + engine.state() + ">";
    }

    /** Options of an executor; the same as {@link Pool.Builder}'s, named after Python's. */
    public static final class Builder {
        private final Pool.Builder pool;

        private Builder() {
            this(Pool.builder());
        }

        private Builder(Pool.Builder pool) {
            this.pool = pool;
        }

        public Builder maxWorkers(int maxWorkers) {
            if (maxWorkers < 1) {
                throw new IllegalArgumentException("maxWorkers must be >= 1: maxWorkers=" + maxWorkers);
            }
            pool.processes(maxWorkers);
            return this;
        }

        public Builder initializer(SerializableRunnable initializer) {
            pool.initializer(initializer);
            return this;
        }

        public Builder maxTasksPerChild(int tasks) {
            pool.maxTasksPerChild(tasks);
            return this;
        }

        public Builder jvmArgs(String... args) {
            pool.jvmArgs(args);
            return this;
        }

        public Builder taskTimeout(Duration timeout) {
            pool.taskTimeout(timeout);
            return this;
        }

        public Builder memoryLimit(long bytes) {
            pool.memoryLimit(bytes);
            return this;
        }

        public Builder startMethod(String method) {
            pool.startMethod(method);
            return this;
        }

        /** Reports the progress of {@link ProcessPoolExecutor#map} calls. */
        public Builder progress(org.multiprocessing4j.ProgressListener listener) {
            pool.progress(listener);
            return this;
        }

        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}
