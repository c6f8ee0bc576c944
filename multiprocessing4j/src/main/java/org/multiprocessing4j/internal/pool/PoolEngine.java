package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.ProgressListener;
import org.multiprocessing4j.RemoteExecutionException;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.TaskTimeoutException;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.connection.Connections;
import org.multiprocessing4j.internal.spawn.ChildClassPath;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.multiprocessing4j.internal.wire.Bytes;
import org.multiprocessing4j.internal.wire.Serializers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker engine behind {@code Pool} (DESIGN.md §7): a fixed number of supervised workers,
 * a queue of chunks in this process, and per worker one chunk running plus, for a worker whose
 * chunks of a map are short, one prefetched behind it (so it does not idle while its result
 * travels back; see prefetchNext).
 *
 * <p>Lifecycle, one ordered state: {@code RUN → CLOSE | TERMINATE → TERMINATED}. {@code RUN}
 * accepts work; {@code CLOSE} accepts none, finishes what is queued (and what running lazy
 * feeders still produce), then stops the workers; {@code TERMINATE} fails everything not yet
 * done and ends the workers at once; {@code TERMINATED} is reached when no worker is left.
 */
public final class PoolEngine implements ChunkEngine {

    /** The lifecycle, in order. */
    public enum State { RUN, CLOSE, TERMINATE, TERMINATED }

    /**
     * How the pool was configured; with {@code threads} the workers are threads of this JVM and
     * nothing is serialised (the thread start method), otherwise they are child JVMs.
     */
    public record Config(int processes, SerializableRunnable initializer, int maxTasksPerChild,
                         List<String> jvmArgs, Duration taskTimeout, long memoryLimit, boolean threads,
                         ProgressListener progress) {}

    /**
     * A chunk on its way: the chunk, its encoding for a JVM worker (id ‖ bytes), where the outcome
     * goes, and the user's number of its first task: the index in the input of its first item
     * (map, starmap, imap), or the order in which it was submitted (apply, submit), both from 0.
     */
    record Job(Chunk chunk, byte[] encoded, Sink sink, long first) {
        /** The chunk as the user numbers it: "task 2", "item 7", "items 8-11". */
        String describe() {
            if (chunk.kind() == Chunk.Kind.CALL) {
                return "task " + first;
            }
            return chunk.size() == 1 ? "item " + first : "items " + first + "-" + (first + chunk.size() - 1);
        }

        /** The {@code i}-th task of the chunk as the user numbers it. */
        String describe(int i) {
            return chunk.kind() == Chunk.Kind.CALL ? "task " + first : "item " + (first + i);
        }
    }

    /** One worker place; replaced workers get a new slot. Guarded by the engine's lock. */
    static final class Slot {
        Worker worker;
        Job inFlight;      // the chunk the worker runs (or will run next)
        Job prefetched;    // sent behind it, so the worker never waits for the pool
        boolean ready;
        boolean retiring;
        boolean stopping;
        boolean timedOut;
        /** Why the worker could not even be launched (no descriptors, no memory...), or null. */
        RuntimeException launchFailure;
        /** The heap limit of a worker that ran out of memory, or null (set before onExit). */
        String outOfMemory;
        ScheduledFuture<?> timeout;
        /** When the running chunk ({@link #inFlight}) started, as far as this process can tell (nanoTime). */
        long runningSince;
        /** How long the worker's last chunk of a map took, from its start to its result here; -1 before the first. */
        long lastMapChunkNanos = -1;
        /** Chunks assigned to the worker and not yet sent to it, in assignment order. */
        final ArrayDeque<Job> outbox = new ArrayDeque<>();
        /** Held while sending the outbox, so sends reach the worker in assignment order. */
        final Object sendLock = new Object();
    }

    /** Workers that die in a row before taking any task (a crash loop) before the pool declares itself broken. */
    static final int CRASH_LIMIT = 5;
    /** A worker whose last chunk of a map took this long or more gets no chunk prefetched (see prefetchNext). */
    static final long PREFETCH_BELOW_NANOS = 50_000_000;
    /** How long a timed-out task has to react to the interrupt before its worker is killed. */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);

    private static final System.Logger LOG = LazyLogger.of(PoolEngine.class);

    private final Config config;
    private final boolean threads;
    private final byte[] init;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition terminated = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Slot> slots = new ArrayList<>();
    private final ExecutorService results;
    private final ExecutorService launcher;
    private final ScheduledExecutorService timer;
    private State state = State.RUN;
    /** Why the pool broke itself (a crash loop), kept as the cause of later refusals; null otherwise. */
    private BrokenPoolException brokenBy;
    private int activeFeeders;
    private int startupFailures;
    private boolean crashLooped; // why the pool went to TERMINATE: its workers kept dying, not a caller
    private long nextChunkId;
    private long nextCall; // the user's number of the next apply/submit
    private int threadNumber;

    /*
     * Implementation overview. Every decision (which worker gets which chunk, what a death or a
     * timeout means) is taken under one lock from the slots and the queue; I/O and user code
     * never run under it: frames are written after the lock is released, outcomes are delivered
     * on the single result thread (so user callbacks run there, in order, as in CPython), and
     * workers are launched on a launcher thread. Workers run their chunks in the order sent, so a
     * worker's death fails exactly the chunk it was running; the prefetched one, never started,
     * goes back to the front of the queue. A result that arrives for a chunk that already failed (timed out, lost) is ignored,
     * so every chunk is delivered exactly once. That needs each worker to receive its chunks in
     * the order they were assigned, although assignments happen on several threads (callers,
     * readers of results, starting workers) and the sends after the lock: assigned chunks go to
     * the slot's outbox under the lock, and whoever sends drains the outbox in order under the
     * slot's send lock.
     */

    public PoolEngine(Config config) {
        this.config = config;
        this.threads = config.threads();
        this.init = threads ? null
                : ChunkCodec.encodeInit(new WorkerProtocol.Init(config.initializer(), config.maxTasksPerChild(), config.memoryLimit(),
                        config.taskTimeout() != null));
        this.results = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("mp4j-pool-results").unstarted(r));
        this.launcher = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("mp4j-pool-launcher").unstarted(r));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("mp4j-pool-timer").unstarted(r));
        lock.lock();
        try {
            for (int i = 0; i < config.processes(); i++) {
                launchWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public int processes() {
        return config.processes();
    }

    @Override
    public ProgressListener progress() {
        return config.progress();
    }

    /** Whether the pool broke by itself (workers dying in a row before taking a task), not by terminate(). */
    public boolean isBroken() {
        lock.lock();
        try {
            return crashLooped;
        } finally {
            lock.unlock();
        }
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a callable or a function over items. Serialises in the caller, so an unserialisable
     * task raises here and nothing is queued.
     *
     * @param first for a function over items, the index in the whole input of {@code items[0]};
     *        ignored for a callable, which is numbered in the order of submission
     * @param feeder true when called by a lazy feeder registered with {@link #beginFeeder()},
     *        which may still submit after {@link #shutdown()}
     * @throws IllegalStateException if the pool no longer accepts work
     */
    public long submit(Chunk.Kind kind, Object fn, Object[] items, long first, Sink sink, boolean feeder) {
        long id;
        long number = first;
        lock.lock();
        try {
            checkAccepting(feeder);
            id = ++nextChunkId;
            if (kind == Chunk.Kind.CALL) {
                number = nextCall++;
            }
        } finally {
            lock.unlock();
        }
        var chunk = new Chunk(id, kind, fn, items);
        byte[] encoded = null;
        Sink tracked = sink;
        if (!threads) {
            // Pipe ends in the chunk wait for a worker to claim them; once the chunk is done (or
            // never queued, or cancelled) no worker will, so they are withdrawn then and their
            // peers see the end of the stream at once instead of after the claim limit.
            ChildClassPath.ensureReachable(fn);
            try (var exports = Connections.RecipientExports.open()) {
                encoded = encode(chunk);
                if (!exports.isEmpty()) { // most chunks carry no pipe end: no tracking for them
                    var released = new ReleasingSink(sink);
                    exports.withdrawWhen(released.done);
                    tracked = released;
                }
            }
        }
        List<Runnable> sends;
        lock.lock();
        try {
            checkAccepting(feeder);
            queue.add(new Job(chunk, encoded, tracked, number));
            sends = dispatch();
        } catch (RuntimeException e) {
            ReleasingSink.release(tracked);
            throw e;
        } finally {
            lock.unlock();
        }
        sends.forEach(Runnable::run);
        return id;
    }

    /** A sink that also says when its chunk is over, for the pipe ends the chunk carried. */
    private static final class ReleasingSink implements Sink {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Sink sink;

        ReleasingSink(Sink sink) {
            this.sink = sink;
        }

        static void release(Sink s) {
            if (s instanceof ReleasingSink r) {
                r.done.complete(null);
            }
        }

        @Override
        public void completed(Object[] values, Throwable[] failures) {
            try {
                sink.completed(values, failures);
            } finally {
                done.complete(null);
            }
        }

        @Override
        public boolean runsNoUserCode() {
            return sink.runsNoUserCode();
        }
    }

    /**
     * Takes chunk {@code chunkId} out of the queue if no worker has it yet; its sink is never
     * called then. A chunk that is running or done cannot be cancelled.
     *
     * @return whether it was taken out
     */
    public boolean cancelQueued(long chunkId) {
        lock.lock();
        try {
            return queue.removeIf(job -> {
                if (job.chunk().id() != chunkId) {
                    return false;
                }
                ReleasingSink.release(job.sink());
                return true;
            });
        } finally {
            lock.unlock();
        }
    }

    private void checkAccepting(boolean feeder) {
        if (!(state == State.RUN || (feeder && state == State.CLOSE))) {
            BrokenPoolException why = brokenBy;
            throw why == null ? new IllegalStateException("pool not running: state " + state)
                    : new IllegalStateException("pool not running: state " + state + ", broken: " + why.getMessage(), why);
        }
    }

    /** The chunk as its worker reads it ({@link ChunkCodec}: the chunk id first). */
    private static byte[] encode(Chunk chunk) {
        return ChunkCodec.encode(chunk, Serializers.get());
    }

    /** A lazy feeder (imap) starts: the workers stay while it may still submit after shutdown. */
    public void beginFeeder() {
        lock.lock();
        try {
            checkAccepting(false);
            activeFeeders++;
        } finally {
            lock.unlock();
        }
    }

    public void endFeeder() {
        List<Runnable> actions;
        lock.lock();
        try {
            activeFeeders--;
            actions = dispatch();
        } finally {
            lock.unlock();
        }
        actions.forEach(Runnable::run);
    }

    /** No new work; what is queued still runs, then the workers end. */
    public void shutdown() {
        List<Runnable> actions;
        lock.lock();
        try {
            if (state == State.RUN) {
                state = State.CLOSE;
            }
            actions = dispatch();
            checkTerminated();
        } finally {
            lock.unlock();
        }
        actions.forEach(Runnable::run);
    }

    /** Ends the workers now; everything not done fails with a {@link BrokenPoolException}. */
    public void terminate() {
        breakPool(new BrokenPoolException("the pool was terminated"), false);
    }

    /**
     * Waits until every worker has ended, after {@link #shutdown()} or {@link #terminate()}.
     *
     * @return whether that happened within {@code timeout} (null: no limit)
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return awaitTermination(timeout, true);
    }

    /**
     * @param requireShutdown whether waiting while the pool still runs is an error (Pool.join)
     *        or simply waits for someone to shut it down (ExecutorService.awaitTermination)
     */
    public boolean awaitTermination(Duration timeout, boolean requireShutdown) throws InterruptedException {
        lock.lock();
        try {
            if (state == State.RUN && requireShutdown) {
                throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
            }
            long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (state != State.TERMINATED) {
                if (timeout == null) {
                    terminated.await();
                } else {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = terminated.awaitNanos(nanos);
                }
            }
        } finally {
            lock.unlock();
        }
        results.shutdown();
        launcher.shutdown();
        timer.shutdown();
        return true;
    }

    // ---- reports from workers ----

    void onReady(Slot slot) {
        List<Runnable> sends;
        lock.lock();
        try {
            slot.ready = true;
            startupFailures = 0;
            sends = dispatch();
        } finally {
            lock.unlock();
        }
        sends.forEach(Runnable::run);
    }

    void onResult(Slot slot, ChunkResult r) {
        Job job;
        List<Runnable> sends;
        lock.lock();
        try {
            job = slot.inFlight;
            if (job == null || job.chunk().id() != r.chunkId()) {
                return; // the chunk already failed (timeout, termination): delivered once only
            }
            advance(slot);
            slot.retiring = r.retiring();
            sends = dispatch();
        } finally {
            lock.unlock();
        }
        deliver(job, r.values(), r.failures(), slot.worker.name());
        sends.forEach(Runnable::run);
    }

    void onUndecodableResult(Slot slot, SerializationException e) {
        Job job;
        lock.lock();
        try {
            job = slot.inFlight;
            advance(slot);
        } finally {
            lock.unlock();
        }
        if (job != null) {
            failAll(job, new SerializationException("the result of " + job.describe() + " cannot be decoded here: "
                    + e.getMessage(), e.offendingClass(), e));
        }
        onReady(slot);
    }

    void onExit(Slot slot, int exitCode) {
        Job lost;
        boolean timedOut;
        boolean broken;
        List<Runnable> actions = List.of();
        String workerName = slot.worker == null ? "(not started)" : slot.worker.name();
        lock.lock();
        try {
            if (!slots.remove(slot)) {
                return;
            }
            lost = slot.inFlight;
            slot.inFlight = null;
            slot.outbox.clear(); // nothing more goes to a worker that has gone
            if (slot.prefetched != null) { // sent but never started: it goes back to the queue
                queue.addFirst(slot.prefetched);
                slot.prefetched = null;
            }
            timedOut = slot.timedOut;
            cancelTimeout(slot);
            // A worker that dies while running a task fails that task only. One that dies before
            // it could take any work is a start-up failure; in a row, they are a crash loop.
            if (!slot.ready && !slot.stopping && state != State.TERMINATE) {
                startupFailures++;
            }
            broken = startupFailures >= CRASH_LIMIT && (state == State.RUN || state == State.CLOSE);
            crashLooped |= broken;
            if (!broken) {
                // Replace a worker that did not leave because we asked it to, while there is or
                // may be work for it: always while running, while work is queued after shutdown;
                // never once this JVM's exit ends its children, the workers of a pool left open
                // among them (a JVM started then would only be killed with this one).
                boolean wanted = state == State.RUN || (state == State.CLOSE && (!queue.isEmpty() || activeFeeders > 0));
                if (wanted && !slot.stopping && !SpawnRuntime.isEndingChildren()) {
                    launchWorker();
                }
                actions = dispatch();
                checkTerminated();
            }
        } finally {
            lock.unlock();
        }
        if (lost != null) {
            failAll(lost, timedOut ? new TaskTimeoutException(lost.describe(), config.taskTimeout())
                    : slot.outOfMemory != null ? new WorkerLostException(workerName, exitCode, lost.describe(), slot.outOfMemory)
                    : new WorkerLostException(workerName, exitCode, lost.describe()));
        }
        if (broken) {
            RuntimeException launch = slot.launchFailure;
            var error = new BrokenPoolException(CRASH_LIMIT + " workers in a row died before they could take a task (the last, "
                    + workerName + (launch != null ? ", could not be launched: " + launch.getMessage() + ")"
                    : ", with exit code " + exitCode + "): check the initializer and the jvmArgs"));
            if (launch != null) {
                error.initCause(launch);
            }
            breakPool(error, true);
        }
        actions.forEach(Runnable::run);
    }

    // ---- internals; called with the lock held unless said otherwise ----

    /** The slot's running chunk is done: the prefetched one becomes the running one. */
    private void advance(Slot slot) {
        cancelTimeout(slot);
        long now = System.nanoTime();
        if (slot.inFlight != null && slot.inFlight.chunk().kind() != Chunk.Kind.CALL) {
            slot.lastMapChunkNanos = now - slot.runningSince;
        }
        slot.runningSince = now; // the prefetched chunk, if any, runs from now on
        slot.inFlight = slot.prefetched;
        slot.prefetched = null;
        slot.timedOut = false;
        if (slot.inFlight != null) {
            startTimeout(slot, slot.inFlight);
        }
    }

    /**
     * Whether a busy worker takes the next chunk behind its current one, {@code running}. Only
     * chunks of maps behind a chunk of a map (a worker runs a single task without reading its
     * link); only while more chunks wait than there are workers: the last ones stay here for
     * whichever worker is free first (a chunk prefetched at the end of a map would wait behind a
     * long one while another worker idles: measured with 60 CPU-bound tasks in chunks of 8 on
     * two workers, one worker ran the last two chunks while the other had nothing); and only
     * once this worker's last chunk of a map took less than {@link #PREFETCH_BELOW_NANOS}.
     * Prefetching hides the trip of a result back and of the next chunk out (a fraction of a
     * millisecond, a few for chunks of tens of thousands of items), which matters for short
     * chunks only; for long ones it binds a chunk to a
     * worker early, and on chunks of uneven length that leaves the other workers idle at the
     * end. The primes of issue 19 (60 tasks in 8 chunks of growing cost, 0.25-0.8 s each, on
     * two workers): with prefetching, by a model of the chunks' cost, the last worker ends 3.7%
     * after an even split, against 1.3% when each worker takes the next chunk only once it is
     * free, as CPython's workers do; measured, Pool(2) took 4 274 ms instead of 4 343 (medians
     * of 6 interleaved runs).
     */
    private boolean prefetchNext(Slot slot, Job running) {
        if (running.chunk().kind() == Chunk.Kind.CALL
                || slot.lastMapChunkNanos < 0 || slot.lastMapChunkNanos >= PREFETCH_BELOW_NANOS) {
            return false;
        }
        Job next = queue.peek();
        return next != null && next.chunk().kind() != Chunk.Kind.CALL && queue.size() > slots.size();
    }

    private void startTimeout(Slot slot, Job job) {
        if (config.taskTimeout() != null) {
            long nanos = config.taskTimeout().toNanos() * job.chunk().size();
            slot.timeout = timer.schedule(() -> onTimeout(slot, job), nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Assigns queued chunks to workers — one to run, and one more behind it unless workers
     * retire after a number of tasks — and returns the sends to perform once the lock is
     * released.
     */
    private List<Runnable> dispatch() {
        List<Runnable> actions = new ArrayList<>();
        // Only chunks of maps are prefetched: a single task (apply, submit) must stay in this
        // process's queue until a worker is free, where it can still be cancelled.
        boolean prefetch = config.maxTasksPerChild() == 0;
        for (Slot slot : slots) {
            if (!slot.ready || slot.retiring || slot.stopping) {
                continue;
            }
            if (slot.inFlight != null) {
                if (prefetch && slot.prefetched == null && prefetchNext(slot, slot.inFlight)) {
                    Job next = queue.poll();
                    slot.prefetched = next;
                    assign(slot, next, actions);
                }
                continue;
            }
            Job job = queue.poll();
            if (job == null) {
                if (state == State.CLOSE && activeFeeders == 0) {
                    slot.stopping = true;
                    Worker w = slot.worker;
                    actions.add(w::stop);
                }
                continue;
            }
            slot.inFlight = job;
            slot.runningSince = System.nanoTime();
            slot.timedOut = false;
            startTimeout(slot, job);
            assign(slot, job, actions);
            if (prefetch && prefetchNext(slot, job)) {
                Job next = queue.poll();
                slot.prefetched = next;
                assign(slot, next, actions);
            }
        }
        return actions;
    }

    /** Puts {@code job} in the slot's outbox and, once the lock is released, sends it in order. */
    private void assign(Slot slot, Job job, List<Runnable> actions) {
        slot.outbox.add(job);
        if (slot.outbox.size() == 1) { // one flush per batch is enough: it drains the whole outbox
            actions.add(() -> flush(slot));
        }
    }

    /**
     * Sends the slot's outbox to its worker in order. Called without the engine lock; the send
     * lock makes a second flusher wait until the first has sent what it took, so the order in
     * which chunks leave the outbox is the order in which the worker receives them.
     */
    private void flush(Slot slot) {
        synchronized (slot.sendLock) {
            while (true) {
                Job next;
                lock.lock();
                try {
                    next = slot.outbox.poll();
                } finally {
                    lock.unlock();
                }
                if (next == null) {
                    return;
                }
                slot.worker.send(next);
            }
        }
    }

    private void onTimeout(Slot slot, Job job) {
        Worker w;
        lock.lock();
        try {
            if (slot.inFlight != job) {
                return;
            }
            slot.timedOut = true;
            w = slot.worker;
            slot.timeout = timer.schedule(() -> killIfStillRunning(slot, job), TIMEOUT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
        w.abandon(job.chunk().id());
    }

    private void killIfStillRunning(Slot slot, Job job) {
        Worker w;
        lock.lock();
        try {
            if (slot.inFlight != job) {
                return;
            }
            w = slot.worker;
        } finally {
            lock.unlock();
        }
        w.kill(); // onExit fails the job with TaskTimeoutException and replaces the worker
    }

    private static void cancelTimeout(Slot slot) {
        if (slot.timeout != null) {
            slot.timeout.cancel(false);
            slot.timeout = null;
        }
    }

    private void launchWorker() {
        var slot = new Slot();
        slots.add(slot);
        if (threads) {
            var w = new ThreadWorker(this, slot, config, "PoolThread-" + (++threadNumber));
            slot.worker = w;
            w.start();
            return;
        }
        var w = new JvmWorker(this, slot, config, init);
        slot.worker = w;
        launcher.execute(w::start);
    }

    private void checkTerminated() {
        if ((state == State.CLOSE || state == State.TERMINATE) && slots.isEmpty()) {
            state = State.TERMINATED;
            terminated.signalAll();
        }
    }

    /**
     * Moves to TERMINATE, failing everything not done with {@code error}; {@code crashed}: the
     * pool broke itself, and later calls are refused with {@code error} as their cause. Called
     * without the lock.
     */
    private void breakPool(BrokenPoolException error, boolean crashed) {
        List<Job> failed = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        lock.lock();
        try {
            if (state == State.TERMINATE || state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATE;
            if (crashed) {
                brokenBy = error;
            }
            failed.addAll(queue);
            queue.clear();
            for (Slot s : slots) {
                if (s.inFlight != null) {
                    failed.add(s.inFlight);
                    s.inFlight = null;
                }
                if (s.prefetched != null) {
                    failed.add(s.prefetched);
                    s.prefetched = null;
                }
                cancelTimeout(s);
                workers.add(s.worker);
            }
            checkTerminated();
        } finally {
            lock.unlock();
        }
        failed.forEach(job -> failAll(job, error));
        for (Worker w : workers) {
            try {
                w.terminate();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot terminate pool worker " + w.name(), e);
            }
        }
    }

    // ---- delivery, on the result thread ----

    private void failAll(Job job, RuntimeException error) {
        Throwable[] failures = new Throwable[job.chunk().size()];
        Arrays.fill(failures, error);
        hand(job.sink(), new Object[failures.length], failures);
    }

    private void deliver(Job job, Object[] values, Throwable[] failures, String workerName) {
        int n = job.chunk().size();
        Object[] v = values;
        Throwable[] f = failures;
        if (values.length != n) { // the worker could not decode the chunk: one failure for all
            v = new Object[n];
            f = new Throwable[n];
            Arrays.fill(f, failures != null && failures.length > 0 ? failures[0]
                    : new IllegalStateException("malformed result from " + workerName));
        }
        if (f != null) {
            for (int i = 0; i < n; i++) {
                if (f[i] != null) {
                    f[i] = translate(f[i], job, i, workerName);
                }
            }
        }
        hand(job.sink(), v, f);
    }

    /** Runs the sink here when it runs no user code, otherwise on the result thread. */
    private void hand(Sink sink, Object[] values, Throwable[] failures) {
        if (sink.runsNoUserCode()) {
            sink.completed(values, failures);
            return;
        }
        try {
            results.execute(() -> sink.completed(values, failures));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The last worker's exit made the pool TERMINATED, and a joiner shut the result
            // thread down, before that exit's lost chunk was handed over: deliver it here.
            sink.completed(values, failures);
        }
    }

    private Throwable translate(Throwable t, Job job, int i, String workerName) {
        if (t instanceof ChunkRunner.Abandoned) {
            return new TaskTimeoutException(job.describe(i), config.taskTimeout());
        }
        if (t instanceof SerializationException) {
            return t;
        }
        String className = t instanceof RemoteTrace rt ? rt.className() : t.getClass().getName();
        return new TaskFailure(className, job.describe(i), workerName, t);
    }
}
