package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.ProgressListener;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.context.PoolSpec;
import org.multiprocessing4j.internal.context.EngineWorkerPool;
import org.multiprocessing4j.internal.pool.Chunk;
import org.multiprocessing4j.internal.pool.ChunkEngine;
import org.multiprocessing4j.redis.SessionLostException;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine of a {@code Pool} (and {@code ProcessPoolExecutor}) of a Redis context: each chunk
 * runs in a local child JVM of whichever host agent takes it, under the pool's settings
 * (initializer, maxTasksPerChild, taskTimeout, memoryLimit, jvmArgs). The operations of the
 * public pool (apply, map, imap, an executor's futures) are the local ones ({@link PoolOps})
 * over this engine, which only moves chunks through Redis.
 *
 * <p>Failures: a task's own exception comes back with its type; a worker JVM that dies fails its
 * chunk with the agent's local {@link WorkerLostException} (exit code, out-of-memory flag and
 * heap limit kept, the worker named {@code host/worker}, the task named here as the user numbers
 * it), or has it run again while the pool's retries allow; an agent that
 * dies (or is cut off longer than its lease) fails its chunks with {@link WorkerLostException}
 * naming its host, or has them run again elsewhere while the pool's retries allow; the server
 * going away fails what is pending with {@link SessionLostException}; an agent whose class path
 * differs refuses the chunk with a {@link BrokenPoolException} naming both fingerprints.
 *
 * <p>Lifecycle: {@code RUN → CLOSE | TERMINATE → TERMINATED}; a closed pool is terminated once
 * every submitted chunk has its outcome and no imap feeder may submit more. Thread-safe.
 */
public final class RedisWorkerPool implements EngineWorkerPool, ChunkEngine {

    /*
     * Implementation overview. The pool writes its sealed PoolSpec under pool:<id>, then each
     * chunk as a hash chunk:<id>:<n> (driver = this pool's id, retries) and its task element
     * (id, pool, sealed Work) on the session's tasks list, in one script. Agents move elements
     * to their in-flight lists (BLMOVE), run them, and acknowledge with the fenced script, which appends
     * 'R' id '\n' sealed Outcome to results:<pool id>; the reaper appends 'L' id '\n' host for
     * the chunks of a dead agent. One thread here pops results and calls the sinks, so callbacks
     * run on that one thread in arrival order, as on one machine. Envelopes.java has the key
     * table; terminating deletes pool:<id>, and agents then drop their local pools (killing
     * their workers).
     */

    private static final System.Logger LOG = System.getLogger(RedisWorkerPool.class.getName());

    private enum State { RUN, CLOSE, TERMINATE, TERMINATED }

    /** A submitted chunk waiting for its outcome. */
    /** A chunk sent and not yet answered; {@code what} names it as the user numbers it ("task 2", "items 8-11"). */
    private record Pending(Sink sink, int size, String what, byte[] task) {}

    private final Session session;
    private final String id;
    private final int processes;
    private final int retries;
    private final ProgressListener progress;
    private final String results;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong calls = new AtomicLong(); // apply/submit, numbered from 0 in submission order
    private final AtomicLong ignored = new AtomicLong();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object sinks = new Object();
    private final Thread reader;
    private State state = State.RUN; // guarded by this
    private int feeders;             // guarded by this

    /**
     * Publishes the pool's settings for the agents and starts reading results.
     *
     * @param retries how many times a chunk whose agent or worker JVM died runs again
     */
    public RedisWorkerPool(Session session, PoolSpec spec, int retries) {
        if (spec.processes() < 0) {
            throw new IllegalArgumentException("processes must be >= 1: processes=" + spec.processes());
        }
        this.session = session;
        this.id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.processes = spec.processes() > 0 ? spec.processes() : Runtime.getRuntime().availableProcessors();
        this.retries = retries;
        this.progress = spec.progress();
        this.results = session.key("results:" + id);
        var sealed = new Envelopes.PoolSpec(id, Fingerprint.own(), spec.initializer(), spec.maxTasksPerChild(),
                spec.taskTimeout(), spec.memoryLimit(), spec.jvmArgs().toArray(String[]::new));
        session.check();
        session.link().call(RedisCommands.SET, session.key("pool:" + id), session.key("pool:" + id),
                session.codec().seal(Envelopes.POOL, sealed));
        reader = Thread.ofPlatform().daemon().name("mp4j-redis-results-" + id).start(this::readResults);
        session.onLost(reason -> failAll(new SessionLostException(reason)));
    }

    // ---- WorkerPool: the public pool's operations are the local ones (EngineWorkerPool) over this engine ----

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public boolean serialisesWork() {
        return true;
    }

    /** This pool is its own engine: it moves chunks through Redis. */
    @Override
    public ChunkEngine engine() {
        return this;
    }

    // ---- ChunkEngine: chunks through Redis ----

    @Override
    public ProgressListener progress() {
        return progress;
    }

    @Override
    public long submit(Chunk.Kind kind, Object fn, Object[] items, long first, Sink sink, boolean feeder) {
        checkAccepting(feeder);
        session.check();
        long n = seq.incrementAndGet();
        String chunkId = chunkId(n);
        var work = new Envelopes.Work(chunkId, id, kind, fn, items);
        // an unserialisable task raises here
        byte[] task = Envelopes.TaskElement.of(chunkId, id, session.codec().sealEncoded(Envelopes.TASK, work.encode())).bytes();
        synchronized (this) { // with the check, so that a shutdown in between cannot end the pool under this chunk
            checkAccepting(feeder);
            String what = kind == Chunk.Kind.CALL ? "task " + calls.getAndIncrement()
                    : work.size() == 1 ? "item " + first : "items " + first + "-" + (first + work.size() - 1);
            // only a call's future can be cancelled (cancelQueued): keep its element, which CANCEL looks for
            pending.put(chunkId, new Pending(sink, work.size(), what, kind == Chunk.Kind.CALL ? task : null));
        }
        try {
            session.link().eval(Scripts.SUBMIT, RScript.ReturnType.LONG,
                    List.of(session.key("epoch"), session.key("chunk:" + chunkId), session.key("tasks")),
                    session.epoch(), task, id, id, retries);
        } catch (RuntimeException e) {
            pending.remove(chunkId);
            throw e;
        }
        return n;
    }

    /** Takes back a call's chunk no agent took yet (a map's chunks are never cancelled: false). */
    @Override
    public boolean cancelQueued(long chunkNumber) {
        String chunkId = chunkId(chunkNumber);
        Pending queued = pending.get(chunkId);
        if (queued == null || queued.task() == null) {
            return false;
        }
        Long taken = session.link().eval(Scripts.CANCEL, RScript.ReturnType.LONG,
                List.of(session.key("tasks"), session.key("chunk:" + chunkId)), queued.task());
        if (taken == 1 && pending.remove(chunkId) != null) {
            maybeTerminated();
            return true;
        }
        return false;
    }

    @Override
    public boolean isBroken() {
        return false; // agents replace their own workers; a lost session fails the calls themselves
    }

    @Override
    public synchronized void beginFeeder() {
        checkAccepting(false);
        feeders++;
    }

    @Override
    public void endFeeder() {
        synchronized (this) {
            feeders--;
        }
        maybeTerminated();
    }

    private String chunkId(long n) {
        return id + ":" + n;
    }

    private synchronized void checkAccepting(boolean feeder) {
        if (!(state == State.RUN || (feeder && state == State.CLOSE))) {
            throw new IllegalStateException("pool not running: state " + state);
        }
    }

    private void readResults() {
        while (!isTerminated()) {
            byte[] item;
            try {
                if (!session.isOpen()) {
                    failAll(new SessionLostException("the Redis context was closed or lost its session"));
                    markTerminated();
                    return;
                }
                item = session.link().blpop(results, RedisLink.MAX_SLICE);
            } catch (RuntimeException e) {
                if (session.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "reading results failed; retrying", e);
                }
                continue;
            }
            if (item != null) {
                deliver(item);
            }
            maybeTerminated();
        }
    }

    /** Hands one result ({@code R|L id '\n' rest}) to its chunk's sink. */
    private void deliver(byte[] item) {
        int nl = indexOf(item, (byte) '\n');
        String chunkId = new String(item, 1, nl - 1, StandardCharsets.UTF_8);
        Pending p = pending.remove(chunkId);
        if (p == null) {
            ignored.incrementAndGet();
            return;
        }
        byte[] rest = Arrays.copyOfRange(item, nl + 1, item.length);
        Envelopes.Outcome outcome;
        try {
            outcome = item[0] == 'L'
                    ? Envelopes.Outcome.failed(chunkId, new WorkerLostException("agent " + new String(rest, StandardCharsets.UTF_8),
                            -9, p.what() + " (the agent's lease expired: its host died, or was cut off or paused too long)"))
                    : Envelopes.Outcome.decode(session.codec().openEncoded(Envelopes.RESULT, rest));
        } catch (RuntimeException e) {
            outcome = Envelopes.Outcome.failed(chunkId, e);
        }
        if (outcome.whole() instanceof WorkerLostException w && item[0] == 'R') { // the agent's worker died
            outcome = Envelopes.Outcome.failed(chunkId, Envelopes.workerLost(w.worker(), w, p.what()));
        }
        complete(p, outcome);
    }

    /**
     * Calls a chunk's sink. Sinks (map collection, imap, user callbacks) expect one thread at a
     * time: the reader normally, but also a terminate() or a lost session failing what is pending.
     */
    private void complete(Pending p, Envelopes.Outcome outcome) {
        synchronized (sinks) {
            if (outcome.whole() != null) {
                var failures = new Throwable[p.size()];
                Arrays.fill(failures, outcome.whole());
                p.sink().completed(new Object[p.size()], failures);
            } else {
                p.sink().completed(outcome.values(), outcome.failures());
            }
        }
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("malformed result (no separator)");
    }

    private void failAll(RuntimeException e) {
        for (var k : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(k);
            if (p != null) {
                try {
                    complete(p, Envelopes.Outcome.failed(k, e));
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "a pool callback threw", ex);
                }
            }
        }
    }

    /** Results that arrived for no pending chunk (for tests: a fenced-out late result would land here). */
    public long ignoredResults() {
        return ignored.get();
    }

    // ---- lifecycle ----

    @Override
    public synchronized void shutdown() {
        if (state == State.RUN) {
            state = State.CLOSE;
        }
        maybeTerminated();
    }

    @Override
    public void terminate() {
        synchronized (this) {
            if (state == State.TERMINATED || state == State.TERMINATE) {
                return;
            }
            state = State.TERMINATE;
        }
        failAll(new BrokenPoolException("the pool was terminated"));
        markTerminated();
    }

    /** CLOSE with nothing pending and no feeder left → TERMINATED. */
    private void maybeTerminated() {
        synchronized (this) {
            if (state != State.CLOSE || feeders > 0 || !pending.isEmpty()) {
                return;
            }
        }
        markTerminated();
    }

    private void markTerminated() {
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
        }
        try {
            if (session.isOpen()) {
                session.link().call(RedisCommands.DEL, session.key("pool:" + id), session.key("pool:" + id));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the pool's spec", e);
        }
        terminated.countDown();
    }

    @Override
    public boolean awaitTermination(Duration timeout, boolean requireShutdown) throws InterruptedException {
        synchronized (this) {
            if (state == State.RUN && requireShutdown) {
                throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
            }
        }
        if (timeout == null) {
            terminated.await();
            return true;
        }
        return terminated.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized boolean isShutdown() {
        return state != State.RUN;
    }

    @Override
    public synchronized boolean isTerminated() {
        return state == State.TERMINATED;
    }

    @Override
    public synchronized String state() {
        return state.name();
    }

    @Override
    public Handoff handoff() throws java.io.ObjectStreamException {
        throw new java.io.InvalidClassException("org.multiprocessing4j.Pool", "a Redis context's pool belongs to the"
                + " process that made it and cannot be passed to another process; pass the work's inputs instead,"
                + " or a Redis queue whose items another process submits to a pool of its own");
    }

    @Override
    public String toString() {
        return "RedisWorkerPool[" + id + ", session " + session.options().session() + "]";
    }
}
