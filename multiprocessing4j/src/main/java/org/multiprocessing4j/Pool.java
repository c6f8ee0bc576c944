package org.multiprocessing4j;

import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.process.ProcessRegistry;
import org.multiprocessing4j.internal.context.PoolAccess;
import org.multiprocessing4j.internal.context.PoolSpec;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.pool.PoolOps;
import org.multiprocessing4j.internal.spawn.ChildClassPath;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pool of worker processes (Python's {@code multiprocessing.Pool}): tasks are sent to
 * long-lived workers, one chunk at a time per worker, and results come back as values,
 * {@link AsyncResult}s or a {@link ResultIterator}.
 *
 * <p>Beyond CPython: a worker that dies (crash, {@code System.exit}, {@code OutOfMemoryError},
 * {@code kill -9}) fails only the task it was running, with {@link WorkerLostException}, and is
 * replaced; workers that die before taking any task, several in a row (a failing initializer,
 * bad jvmArgs), break the pool with a clear {@link BrokenPoolException} instead of respawning
 * forever; {@code taskTimeout} interrupts a task that runs too long, then kills and replaces
 * its worker, and fails the task with {@link TaskTimeoutException}; {@code memoryLimit} caps
 * each worker's heap and retires a worker whose heap stays above 60% of it after a task.
 * A failing task never affects the other results.
 *
 * <p>Task numbers: an error names a task as the caller knows it, counting from 0. For
 * {@code map}, {@code starmap}, {@code imap}, {@code imapUnordered} and {@code forEach} it is
 * the item's index in the input ("item 2" is the third item, "items 8-11" a chunk); for
 * {@code apply} and {@code applyAsync} the order in which the task was submitted to this pool
 * ("task 2" is the third; maps are not counted). The message of a {@link RemoteExecutionException}
 * says "item 2 failed in &lt;worker&gt;: ...", and a task's own exception re-thrown here has
 * the frame {@code at <pool worker>.call(item 2)}; {@link WorkerLostException} and
 * {@link TaskTimeoutException} name it the same way.
 *
 * <p>Lifecycle: {@code RUN → CLOSE | TERMINATE → TERMINATED}. {@link #shutdown()} (Python's
 * {@code close()}) stops accepting tasks and lets the queued ones finish; {@link #terminate()}
 * stops at once and fails what is not done; {@link #join()} waits for the workers to end;
 * {@link #close()} is shutdown + join, for try-with-resources. Submitting after shutdown raises
 * {@link IllegalStateException} ("pool not running"); after the pool broke itself (five workers
 * in a row that died, or could not be launched, before taking a task) its cause is the
 * {@link BrokenPoolException} that says why, with the launch failure, if any, as its cause.
 *
 * <p>Tasks and their arguments are serialised to the workers (start method {@code "spawn"});
 * with {@code "thread"} the workers are threads and nothing is serialised (Python's
 * {@code ThreadPool}). Callbacks run in this process, on the pool's single result thread, in
 * completion order; they must not block. All methods are thread-safe.
 *
 * <p>Where the work runs is the start method's choice: the pool checks its arguments and hands
 * every operation to the engine that the start method of its context (or the default one) made,
 * so a context of another backend returns a {@code Pool} whose workers run elsewhere.
 */
public class Pool implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static {
        Access.setPoolAccess(new PoolAccess() {
            @Override
            public Builder builder(StartMethod method) {
                return new Builder(Objects.requireNonNull(method, "method"));
            }

            @Override
            public WorkerPool workers(Pool pool) {
                return pool.engine;
            }

            @Override
            public Pool wrap(WorkerPool engine) {
                return new Pool(Objects.requireNonNull(engine, "engine"));
            }
        });
    }

    /** Where the work runs, as the start method of the pool's context made it. */
    private final transient WorkerPool engine;

    /** A pool of {@code processes} worker JVMs. */
    public Pool(int processes) {
        this(builder().processes(processes));
    }

    /** A pool with one worker per CPU. */
    public Pool() {
        this(builder());
    }

    private Pool(Builder b) {
        StartMethod method = b.startMethod != null ? b.startMethod : ProcessRegistry.defaultStartMethod();
        engine = method.pool(new PoolSpec(b.processes, b.initializer, b.maxTasksPerChild,
                List.copyOf(b.jvmArgs), b.taskTimeout, b.memoryLimit, b.progress));
    }

    private Pool(WorkerPool engine) {
        this.engine = engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The number of workers. */
    public int processes() {
        return engine.processes();
    }

    /**
     * Runs {@code task} in a worker and waits for its result. A task's unchecked exception is
     * thrown here as itself (see {@link AsyncResult#get(Duration)}), a checked one in a
     * {@link RemoteExecutionException}.
     */
    public <R> R apply(SerializableCallable<R> task) {
        return applyAsync(task).get(null);
    }

    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    /**
     * Runs {@code task} in a worker; {@code callback} gets its value, {@code errorCallback} its
     * failure, in this process (either may be null).
     *
     * @throws SerializationException if the task cannot be serialised (nothing was queued)
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> callback,
                                         Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(task, "task");
        return engine.apply(task, callback, errorCallback);
    }

    /**
     * Runs {@code task}, which returns nothing, in a worker and waits until it has run (Python's
     * {@code apply} of a function that returns {@code None}). A lambda that returns a value goes
     * to {@link #apply(SerializableCallable)}, as with {@link java.util.concurrent.ExecutorService#submit}.
     *
     * @throws SerializationException if the task cannot be serialised (nothing was queued)
     */
    public void apply(SerializableRunnable task) {
        applyAsync(task).get(null);
    }

    /** {@link #apply(SerializableRunnable)} without waiting: the result's value is null once the task has run. */
    public AsyncResult<Void> applyAsync(SerializableRunnable task) {
        Objects.requireNonNull(task, "task");
        ChildClassPath.ensureReachable(task); // the worker gets it inside RunTask
        return engine.apply(new RunTask(task), null, null);
    }

    /**
     * Runs {@code fn} on every item for its effect, in chunks of CPython's default size, and
     * waits until all have run (a {@link #map} of a function that returns nothing). Fails with
     * the first failing item's exception.
     *
     * @throws SerializationException if {@code fn} or an item cannot be serialised (nothing was queued)
     */
    public <T> void forEach(SerializableConsumer<? super T> fn, Iterable<T> items) {
        forEach(fn, items, 0);
    }

    /** {@link #forEach(SerializableConsumer, Iterable)} in chunks of {@code chunksize} items (0: CPython's default). */
    public <T> void forEach(SerializableConsumer<? super T> fn, Iterable<T> items, int chunksize) {
        Objects.requireNonNull(fn, "fn");
        ChildClassPath.ensureReachable(fn); // the worker gets it inside EachItem
        mapAsync(new EachItem<T>(fn), items, chunksize == 0 ? 0 : checkChunksize(chunksize), null, null).get(null);
    }

    /** A task that returns nothing, as the callable the pool runs. */
    private record RunTask(SerializableRunnable task) implements SerializableCallable<Void> {
        @Override
        public Void call() {
            task.run();
            return null;
        }
    }

    /** A consumer of items, as the function the pool maps. */
    private record EachItem<T>(SerializableConsumer<? super T> fn) implements SerializableFunction<T, Void> {
        @Override
        public Void apply(T item) {
            fn.accept(item);
            return null;
        }
    }

    /** Applies {@code fn} to every item, in chunks of CPython's default size, and returns the results in order. */
    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<T> items) {
        return this.<T, R>mapAsync(fn, items).get(null);
    }

    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return this.<T, R>mapAsync(fn, items, chunksize).get(null);
    }

    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<T> items) {
        return mapAsync(fn, items, 0, null, null);
    }

    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return mapAsync(fn, items, checkChunksize(chunksize), null, null);
    }

    /**
     * The asynchronous map. {@code chunksize} 0 means CPython's default (about four chunks per
     * worker). The result fails with the first failing item's exception. The items are read
     * before this returns (as CPython's {@code map_async} makes a list of them): the caller may
     * change its collection afterwards.
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize,
                                                Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        List<T> list = PoolOps.forMap(Objects.requireNonNull(items, "items"));
        return engine.map(false, fn, list, chunk(chunksize, list.size()), callback, errorCallback);
    }

    /** Applies {@code fn} to each pair, as Python's {@code starmap} unpacks argument tuples. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Map.Entry<A, B>> pairs) {
        return this.<A, B, R>starmapAsync(fn, pairs).get(null);
    }

    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Map.Entry<A, B>> pairs, int chunksize) {
        return this.<A, B, R>starmapAsync(fn, pairs, checkChunksize(chunksize)).get(null);
    }

    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn, Iterable<? extends Map.Entry<A, B>> pairs) {
        return starmapAsync(fn, pairs, 0);
    }

    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
                                                       Iterable<? extends Map.Entry<A, B>> pairs, int chunksize) {
        Objects.requireNonNull(fn, "fn");
        var args = new ArrayList<Object[]>();
        for (Map.Entry<A, B> e : Objects.requireNonNull(pairs, "pairs")) {
            args.add(new Object[] {e.getKey(), e.getValue()});
        }
        return engine.map(true, fn, args, chunk(chunksize, args.size()), null, null);
    }

    /** Results in input order as they become available; the input is read lazily (chunksize 1). */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> fn, Iterable<T> items) {
        return imap(fn, items, 1);
    }

    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return engine.imap(Objects.requireNonNull(fn, "fn"), Objects.requireNonNull(items, "items").iterator(),
                checkChunksize(chunksize), true);
    }

    /** Results in completion order; the input is read lazily (chunksize 1). */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> fn, Iterable<T> items) {
        return imapUnordered(fn, items, 1);
    }

    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return engine.imap(Objects.requireNonNull(fn, "fn"), Objects.requireNonNull(items, "items").iterator(),
                checkChunksize(chunksize), false);
    }

    /** No new tasks (Python's {@code close()}); queued tasks still run, then the workers end. */
    public void shutdown() {
        engine.shutdown();
    }

    /** Ends the workers now; results not yet computed fail with {@link BrokenPoolException}. */
    public void terminate() {
        engine.terminate();
    }

    /**
     * Waits for the workers to end.
     *
     * @throws IllegalStateException if neither {@link #shutdown()} nor {@link #terminate()} was called
     */
    public void join() {
        join(null);
    }

    /** Waits at most {@code timeout} (null: no limit) for the workers to end; returns whether they did. */
    public boolean join(Duration timeout) {
        try {
            return engine.awaitTermination(timeout, true);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("joining the pool", e);
        }
    }

    /** {@link #shutdown()} then {@link #join()}. Idempotent. */
    @Override
    public void close() {
        shutdown();
        join();
    }

    @Override
    public String toString() {
        return "<Pool processes=" + processes() + " state=" + engine.state() + ">";
    }

    private static int checkChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1: chunksize=" + chunksize);
        }
        return chunksize;
    }

    private int chunk(int chunksize, int items) {
        return chunksize > 0 ? chunksize : PoolOps.defaultChunksize(items, processes());
    }

    /**
     * A pool travels to another process only when its workers are not this process's: a
     * manager's pool arrives as a pool over the same manager's workers; any other pool is
     * refused (a {@link SerializationException} that says so).
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new InTransit(engine.handoff());
    }

    /** A pool on its way to another process: its engine's handoff, opened on arrival. */
    private static final class InTransit implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final WorkerPool.Handoff handoff;

        InTransit(WorkerPool.Handoff handoff) {
            this.handoff = handoff;
        }

        @Serial
        private Object readResolve() {
            return new Pool(handoff.open());
        }
    }

    /** Options of a pool; {@link #build()} starts it. */
    public static final class Builder {
        private int processes = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration taskTimeout;
        private long memoryLimit;
        private StartMethod startMethod;
        private ProgressListener progress;

        private Builder() {}

        private Builder(StartMethod method) {
            this.startMethod = method;
        }

        /**
         * Reports the progress of every map, starmap and imap of the pool, e.g.
         * {@code .progress(ProgressBar.console())} for a terminal progress bar.
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The number of workers (default: {@link Multiprocessing#cpuCount()}). */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("processes must be >= 1: processes=" + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * Runs once in each worker before its first task; a failure ends that worker. A worker
         * runs its tasks one at a time, but on whichever of its two threads received the task
         * (that saves a thread hand-off per task), not always on the initializer's thread: keep
         * per-worker state that tasks use in static fields, not in {@code ThreadLocal}s.
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * A worker is replaced after this many tasks (chunks). Not calling this means never, as
         * CPython's {@code None}; as in CPython, the value must be positive.
         *
         * @throws IllegalArgumentException if {@code tasks < 1}
         */
        public Builder maxTasksPerChild(int tasks) {
            if (tasks < 1) {
                throw new IllegalArgumentException("maxTasksPerChild must be a positive number (leave it unset for no limit): maxTasksPerChild="
                        + tasks);
            }
            this.maxTasksPerChild = tasks;
            return this;
        }

        /** JVM options for the worker JVMs. */
        public Builder jvmArgs(String... args) {
            for (String a : args) {
                jvmArgs.add(Objects.requireNonNull(a, "jvmArgs element"));
            }
            return this;
        }

        /**
         * The longest a task may run; with chunks of several items, a chunk may run this times
         * its size. A task over the limit is interrupted, then its worker is killed and replaced.
         */
        public Builder taskTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "taskTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("taskTimeout must be positive: taskTimeout=" + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /** The heap limit of each worker JVM in bytes ({@code -Xmx}); a worker above 60% of it after a task is replaced. */
        public Builder memoryLimit(long bytes) {
            if (bytes < 16L << 20) {
                throw new IllegalArgumentException("memoryLimit must be at least 16 MiB: memoryLimit=" + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * {@code "spawn"} or {@code "warm"} (worker JVMs) or {@code "thread"} (worker threads);
         * default: the default start method.
         *
         * @throws IllegalArgumentException if {@code method} is not one of those
         */
        public Builder startMethod(String method) {
            this.startMethod = LocalStartMethod.named(method);
            return this;
        }

        public Pool build() {
            return new Pool(this);
        }
    }
}
