package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.pool.AsyncResultImpl;
import org.multiprocessing4j.internal.pool.ChunkTarget;
import org.multiprocessing4j.internal.pool.ImapIterator;
import org.multiprocessing4j.internal.pool.PoolEngine;
import org.multiprocessing4j.internal.pool.PoolOps;
import org.multiprocessing4j.internal.wire.Serializers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The engine of a {@code Pool} whose workers belong to a manager ({@code manager.pool(n)}, CPython's
 * {@code manager.Pool(n)}): every operation is a call on the {@link RemotePool} the manager
 * runs. Work waits in a queue of this process until one of {@code processes} caller threads
 * takes it and makes the (blocking) call, so the manager's workers are kept busy, work still
 * queued here can be cancelled, and a terminate fails it at once. Outcomes come back in the
 * engine's form, so the {@code Pool} over this engine reports them as a local one does;
 * callbacks run on one result thread of this process, in completion order.
 *
 * <p>Arguments are serialised once in the caller before anything is queued, so an unsendable
 * task raises {@code SerializationException} from the submitting call, as locally.
 */
public final class ManagerWorkerPool implements WorkerPool {

    private enum State { RUN, CLOSE, TERMINATE, TERMINATED }

    /** A call waiting for a caller thread: {@code run} makes it, {@code abandon} fails it unmade. */
    private interface Job {
        void run();

        void abandon(Throwable why);
    }

    private final RemotePool remote;
    private final int processes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final ExecutorService results;
    private State state = State.RUN;
    private int running;  // jobs a caller thread is making now
    private int feeders;  // imap feeders that may still submit after shutdown
    private int liveCallers;
    private boolean remoteTold; // the last caller thread has told the manager's pool to stop

    /** The engine of a new pool the manager made ({@code remote}), asking it its size. */
    public ManagerWorkerPool(RemotePool remote) {
        this(remote, remote.processes());
    }

    /** No call is made here: a process that receives a pool has not yet learnt its key while decoding it. */
    private ManagerWorkerPool(RemotePool remote, int processes) {
        this.remote = remote;
        this.processes = processes;
        this.results = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("mp4j-manager-pool-results")
                .factory());
        this.liveCallers = processes;
        for (int i = 0; i < processes; i++) {
            Thread.ofPlatform().daemon().name("mp4j-manager-pool-caller-" + i).start(this::callLoop);
        }
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public boolean serialisesWork() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> AsyncResult<R> apply(Object callable, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Serializers.get().encode(callable); // an unsendable task fails here, before anything is queued
        return enqueueResult(() -> (R) remote.apply(callable), callback, errorCallback);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> AsyncResult<List<R>> map(boolean star, Object fn, List<?> items, int chunksize,
                                        Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        var sent = new ArrayList<Object>(items);
        Serializers.get().encode(new Object[] {fn, sent});
        return enqueueResult(() -> (List<R>) (List<?>) remote.map(star, fn, sent, chunksize), callback, errorCallback);
    }

    /** A call on the manager's pool that one value answers. */
    private interface RemoteCall<V> {
        V call() throws Throwable;
    }

    /** Queues {@code call}; its outcome completes the result on the result thread. */
    private <V> AsyncResult<V> enqueueResult(RemoteCall<V> call, Consumer<? super V> callback,
                                             Consumer<? super Throwable> errorCallback) {
        var result = new AsyncResultImpl<V>(callback, errorCallback);
        enqueue(false, new Job() {
            @Override
            public void run() {
                try {
                    V value = call.call();
                    results.execute(() -> result.succeed(value));
                } catch (Throwable e) {
                    abandon(e);
                }
            }

            @Override
            public void abandon(Throwable why) {
                results.execute(() -> result.fail(why));
            }
        });
        return result;
    }

    @Override
    public <T, R> ResultIterator<R> imap(Object fn, Iterator<T> items, int chunksize, boolean ordered) {
        return ImapIterator.start(chunks(), fn, items, chunksize, ordered);
    }

    @Override
    public ChunkTarget chunks() {
        return new ChunkTarget() {
            @Override
            public int processes() {
                return processes;
            }

            @Override
            public void beginFeeder() {
                lock.lock();
                try {
                    checkAccepting(false);
                    feeders++;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void submit(Object fn, Object[] items, PoolEngine.Sink sink) {
                var sent = Arrays.asList(items);
                Serializers.get().encode(new Object[] {fn, sent});
                enqueue(true, new Job() {
                    @Override
                    public void run() {
                        RemotePool.ChunkOutcome outcome;
                        try {
                            outcome = remote.chunk(fn, sent);
                        } catch (Throwable e) {
                            abandon(e);
                            return;
                        }
                        sink.completed(outcome.values(), outcome.failures());
                    }

                    @Override
                    public void abandon(Throwable why) {
                        var failures = new Throwable[items.length];
                        Arrays.fill(failures, why);
                        sink.completed(new Object[items.length], failures);
                    }
                });
            }

            @Override
            public void endFeeder() {
                lock.lock();
                try {
                    feeders--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    @Override
    public <R> CompletableFuture<R> submit(Object callable) {
        Serializers.get().encode(callable);
        var future = new QueuedFuture<R>();
        enqueue(false, new Job() {
            @Override
            @SuppressWarnings("unchecked")
            public void run() {
                if (!future.start()) {
                    return; // cancelled while queued
                }
                try {
                    future.complete((R) remote.apply(callable));
                } catch (Throwable e) {
                    future.completeExceptionally(PoolOps.executorFailure(e));
                }
            }

            @Override
            public void abandon(Throwable why) {
                future.completeExceptionally(PoolOps.executorFailure(why));
            }
        });
        return future;
    }

    /** An executor's future: as in {@code concurrent.futures}, it can be cancelled only while queued here. */
    private static final class QueuedFuture<R> extends CompletableFuture<R> {
        private final AtomicBoolean started = new AtomicBoolean();

        /** Whether the task may start (false: it was cancelled). */
        boolean start() {
            return started.compareAndSet(false, true);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return isCancelled() || (start() && super.cancel(mayInterruptIfRunning));
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    private void enqueue(boolean feeder, Job job) {
        lock.lock();
        try {
            checkAccepting(feeder);
            queue.add(job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkAccepting(boolean feeder) {
        if (state == State.RUN || (feeder && state == State.CLOSE)) {
            return;
        }
        throw new IllegalStateException("pool not running: state " + state);
    }

    private void callLoop() {
        while (true) {
            Job job;
            lock.lock();
            try {
                while (queue.isEmpty() && state != State.TERMINATE && state != State.TERMINATED
                        && !(state == State.CLOSE && feeders == 0)) {
                    changed.awaitUninterruptibly();
                }
                job = queue.poll();
                if (job == null) {
                    changed.signalAll(); // another caller may be the one to finish the shutdown
                    break;
                }
                running++;
            } finally {
                lock.unlock();
            }
            try {
                job.run();
            } finally {
                lock.lock();
                try {
                    running--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
        boolean last;
        lock.lock();
        try {
            last = --liveCallers == 0;
        } finally {
            lock.unlock();
        }
        if (last) {
            stopRemote();
        }
    }

    /** The last caller thread out tells the manager's pool that no more work comes. */
    private void stopRemote() {
        try {
            if (isTerminating()) {
                remote.terminate();
            } else {
                remote.shutdown();
            }
        } catch (RuntimeException e) { // the manager is gone, and its workers with it
            System.getLogger(ManagerWorkerPool.class.getName())
                    .log(System.Logger.Level.DEBUG, "telling the manager's pool to stop", e);
        } finally {
            lock.lock();
            try {
                remoteTold = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean isTerminating() {
        lock.lock();
        try {
            return state == State.TERMINATE;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            if (state == State.RUN) {
                state = State.CLOSE;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void terminate() {
        List<Job> dropped;
        lock.lock();
        try {
            if (state == State.TERMINATE || state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATE;
            dropped = new ArrayList<>(queue);
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        var why = new BrokenPoolException("the pool was terminated");
        dropped.forEach(j -> j.abandon(why));
        try {
            remote.terminate(); // ends the calls in flight: their workers are stopped
        } catch (RuntimeException e) {
            System.getLogger(ManagerWorkerPool.class.getName())
                    .log(System.Logger.Level.DEBUG, "terminating the manager's pool", e);
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout, boolean requireShutdown) throws InterruptedException {
        long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
        lock.lock();
        try {
            if (state == State.RUN) {
                if (requireShutdown) {
                    throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
                }
            }
            while (!remoteTold) {
                if (timeout == null) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    changed.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
        Duration left = timeout == null ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        boolean ended;
        try {
            ended = remote.awaitTermination(left);
        } catch (RuntimeException e) { // the manager is gone: so are its workers
            ended = true;
        }
        if (ended) {
            lock.lock();
            try {
                state = State.TERMINATED;
            } finally {
                lock.unlock();
            }
            results.shutdown();
        }
        return ended;
    }

    @Override
    public Handoff handoff() {
        return new Travelling(remote, processes);
    }

    /** The pool in transit: the manager's proxy, from which the receiving process makes its own engine. */
    private record Travelling(RemotePool remote, int processes) implements Handoff {
        @Override
        public WorkerPool open() {
            return new ManagerWorkerPool(remote, processes);
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return state != State.RUN;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return state == State.TERMINATED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String state() {
        lock.lock();
        try {
            return state.name();
        } finally {
            lock.unlock();
        }
    }
}
