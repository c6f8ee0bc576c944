package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.ProgressListener;
import org.multiprocessing4j.internal.context.EngineWorkerPool;
import org.multiprocessing4j.internal.context.WorkerPool;
import org.multiprocessing4j.internal.pool.Chunk;
import org.multiprocessing4j.internal.pool.ChunkEngine;
import org.multiprocessing4j.internal.wire.Serializers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine of a {@code Pool} whose workers belong to a manager ({@code manager.pool(n)},
 * CPython's {@code manager.Pool(n)}). The pool's operations are the local ones (results, map
 * collection, lazy imap, executor futures: {@link EngineWorkerPool}) over a {@link ChunkEngine}
 * whose chunks are calls on the {@link RemotePool} the manager runs. A chunk waits in a queue of
 * this process until one of {@code processes} caller threads takes it and makes the (blocking)
 * call, so the manager's workers are kept busy, a chunk still queued here can be cancelled, and a
 * terminate fails it at once. Outcomes come back in the engine's form and reach their sinks on one
 * result thread of this process, so a manager's pool reports and calls back as a local one does.
 *
 * <p>A chunk is serialised once in the caller before it is queued, so an unsendable task raises
 * {@code SerializationException} from the submitting call and nothing is queued.
 */
public final class ManagerWorkerPool implements EngineWorkerPool {

    private enum State { RUN, CLOSE, TERMINATE, TERMINATED }

    /** A chunk waiting for a caller thread. */
    private record Job(Chunk.Kind kind, Object fn, Object[] items, long first, ChunkEngine.Sink sink) {
        int size() {
            return items == null ? 1 : items.length;
        }
    }

    private final RemotePool remote;
    private final int processes;
    private final Chunks chunks = new Chunks();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, Job> queue = new LinkedHashMap<>(); // by chunk id, in submission order
    private final ExecutorService results;
    private long nextId;
    private State state = State.RUN;
    private int feeders;     // imap feeders that may still submit after shutdown
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
    public ChunkEngine engine() {
        return chunks;
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public boolean serialisesWork() {
        return true;
    }

    /** The chunk side: queue here, run by a caller thread on the manager. */
    private final class Chunks implements ChunkEngine {
        @Override
        public int processes() {
            return processes;
        }

        @Override
        public ProgressListener progress() {
            return null;
        }

        @Override
        public long submit(Chunk.Kind kind, Object fn, Object[] items, long first, Sink sink, boolean feeder) {
            Serializers.get().encode(new Object[] {fn, items}); // an unsendable chunk fails here, nothing queued
            lock.lock();
            try {
                checkAccepting(feeder);
                long id = ++nextId;
                queue.put(id, new Job(kind, fn, items, first, sink));
                changed.signalAll();
                return id;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean cancelQueued(long chunkId) {
            lock.lock();
            try {
                return queue.remove(chunkId) != null;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isBroken() {
            return false;
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
        public void endFeeder() {
            lock.lock();
            try {
                feeders--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
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
                Iterator<Job> first = queue.values().iterator();
                if (!first.hasNext()) {
                    changed.signalAll(); // the other caller threads see the end too
                    break;
                }
                job = first.next();
                first.remove();
            } finally {
                lock.unlock();
            }
            run(job);
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

    private void run(Job job) {
        RemotePool.ChunkOutcome outcome;
        try {
            outcome = remote.chunk(job.kind().name(), job.fn(), job.items(), job.first());
        } catch (Throwable e) { // the manager refused the chunk or is gone: every item fails with the reason
            fail(job, e);
            return;
        }
        results.execute(() -> job.sink().completed(outcome.values(), outcome.failures()));
    }

    private void fail(Job job, Throwable why) {
        var failures = new Throwable[job.size()];
        Arrays.fill(failures, why);
        results.execute(() -> job.sink().completed(new Object[job.size()], failures));
    }

    /** The last caller thread out tells the manager's pool that no more work comes. */
    private void stopRemote() {
        try {
            if (state().equals(State.TERMINATE.name())) {
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
            dropped = new ArrayList<>(queue.values());
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        var why = new BrokenPoolException("the pool was terminated");
        dropped.forEach(j -> fail(j, why));
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
            if (state == State.RUN && requireShutdown) {
                throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
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
