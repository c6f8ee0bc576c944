package org.multiprocessing4j.redis;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.pool.AsyncResultImpl;
import org.multiprocessing4j.redis.internal.Envelopes;
import org.multiprocessing4j.redis.internal.Fingerprint;
import org.multiprocessing4j.redis.internal.RedisLink;
import org.multiprocessing4j.redis.internal.Session;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A pool whose work runs on the session's host {@link Agent}s (made by
 * {@link RedisContext#pool(int)} or {@link RedisContext#poolBuilder()}): the methods and
 * semantics of {@link org.multiprocessing4j.Pool}, with each chunk run in a local child JVM of
 * whichever agent takes it, under the pool's settings (initializer, maxTasksPerChild,
 * taskTimeout, memoryLimit, jvmArgs).
 *
 * <p>Failures: a task's own exception comes back with its type; a worker JVM that dies fails its
 * chunk with {@link WorkerLostException} naming the agent's host and the worker; an agent that
 * dies (or is cut off longer than its lease) fails its chunks with {@link WorkerLostException}
 * naming its host, or has them run again elsewhere when {@link Builder#retries(int)} allows;
 * the server going away fails what is pending with {@link SessionLostException}; an agent whose
 * class path differs refuses the chunk with a {@link org.multiprocessing4j.BrokenPoolException}
 * naming both fingerprints.
 *
 * <p>Lifecycle: {@code RUN → CLOSE | TERMINATE → TERMINATED}, as {@code Pool}. Thread-safe.
 */
public final class RedisPool implements AutoCloseable {

    /*
     * Implementation overview. The pool writes its sealed PoolSpec under pool:<id>, then each
     * chunk as a hash chunk:<id>:<n> (sealed Work, driver = this pool's id, retries) and its id
     * on the session's tasks list, in one script. Agents move ids to their in-flight lists
     * (BLMOVE), run them, and acknowledge with the fenced script, which appends
     * 'R' id '\n' sealed Outcome to results:<pool id>; the reaper appends 'L' id '\n' host for
     * the chunks of a dead agent. One thread here pops results and completes the callbacks.
     * Envelopes.java has the key table.
     */

    private static final System.Logger LOG = System.getLogger(RedisPool.class.getName());

    private enum State { RUN, CLOSE, TERMINATE, TERMINATED }

    private final Session session;
    private final String id;
    private final int processes;
    private final int retries;
    private final String results;
    private final Map<String, Consumer<Object>> pending = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Thread reader;
    private volatile State state = State.RUN;
    private final AtomicLong ignored = new AtomicLong();

    RedisPool(Session session, Builder b) {
        this.session = session;
        this.id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.processes = b.processes;
        this.retries = b.retries;
        this.results = session.key("results:" + id);
        var spec = new Envelopes.PoolSpec(id, Fingerprint.own(), b.initializer, b.maxTasksPerChild, b.taskTimeout,
                b.memoryLimit, b.jvmArgs);
        session.check();
        session.link().call(RedisCommands.SET, session.key("pool:" + id), session.key("pool:" + id),
                session.codec().seal(Envelopes.POOL, spec));
        reader = Thread.ofPlatform().daemon().name("mp4j-redis-results-" + id).start(this::readResults);
        session.onLost(reason -> failAll(new SessionLostException(reason)));
    }

    /** The number of processes asked for (the agents' slots decide how many run at once). */
    public int processes() {
        return processes;
    }

    public <R> R apply(SerializableCallable<R> task) {
        return applyAsync(task).get(null);
    }

    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> callback,
                                         Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(task, "task");
        var result = new AsyncResultImpl<R>(callback, errorCallback);
        submit(Envelopes.Work.CALL, task, null, outcome -> {
            if (outcome instanceof Throwable t) {
                result.fail(t);
            } else {
                @SuppressWarnings("unchecked")
                R v = (R) ((Object[]) outcome)[0];
                result.succeed(v);
            }
        });
        return result;
    }

    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<T> items) {
        return this.<T, R>mapAsync(fn, items, 0).get(null);
    }

    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return this.<T, R>mapAsync(fn, items, chunksize).get(null);
    }

    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<T> items, int chunksize) {
        return submitAll(Envelopes.Work.MAP, Objects.requireNonNull(fn, "fn"), items, chunksize);
    }

    /** Applies {@code fn} to each pair, as Python's {@code starmap}. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<Map.Entry<A, B>> items) {
        var pairs = new ArrayList<Object[]>(); // Object[2]: entries of Map.entry(..) do not serialise
        Objects.requireNonNull(items, "items").forEach(e -> pairs.add(new Object[] {e.getKey(), e.getValue()}));
        return this.<Object[], R>submitAll(Envelopes.Work.STARMAP, Objects.requireNonNull(fn, "fn"), pairs, 0).get(null);
    }

    private <T, R> AsyncResult<List<R>> submitAll(int kind, Object fn, Iterable<T> items, int chunksize) {
        Objects.requireNonNull(items, "items");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize must be >= 0: chunksize=" + chunksize);
        }
        var list = new ArrayList<Object>();
        items.forEach(list::add);
        int size = chunksize > 0 ? chunksize : Math.max(1, (list.size() + processes * 4 - 1) / (processes * 4));
        var result = new AsyncResultImpl<List<R>>(null, null);
        Object[] values = new Object[list.size()];
        var left = new java.util.concurrent.atomic.AtomicInteger((list.size() + size - 1) / size);
        if (list.isEmpty()) {
            result.succeed(List.of());
            return result;
        }
        var failed = new java.util.concurrent.atomic.AtomicBoolean();
        for (int offset = 0; offset < list.size(); offset += size) {
            int at = offset;
            Object[] chunk = list.subList(offset, Math.min(list.size(), offset + size)).toArray();
            submit(kind, fn, chunk, outcome -> {
                if (outcome instanceof Throwable t) {
                    if (failed.compareAndSet(false, true)) {
                        result.fail(t);
                    }
                    return;
                }
                Object[] v = (Object[]) outcome;
                System.arraycopy(v, 0, values, at, v.length);
                if (left.decrementAndGet() == 0 && !failed.get()) {
                    @SuppressWarnings("unchecked")
                    List<R> out = (List<R>) Arrays.asList(values);
                    result.succeed(out);
                }
            });
        }
        return result;
    }

    private void submit(int kind, Object fn, Object[] items, Consumer<Object> done) {
        if (state != State.RUN) {
            throw new IllegalStateException("pool not running (state " + state + ")");
        }
        session.check();
        String chunkId = id + ":" + seq.incrementAndGet();
        byte[] sealed = session.codec().seal(Envelopes.TASK, new Envelopes.Work(chunkId, id, kind, fn, items));
        pending.put(chunkId, done);
        try {
            session.link().eval(org.multiprocessing4j.redis.internal.Scripts.SUBMIT, RScript.ReturnType.LONG,
                    List.of(session.key("epoch"), session.key("chunk:" + chunkId), session.key("tasks")),
                    session.epoch(), sealed, id, id, retries, chunkId);
        } catch (RuntimeException e) {
            pending.remove(chunkId);
            throw e;
        }
    }

    private void readResults() {
        while (state != State.TERMINATED && (state == State.RUN || !pending.isEmpty())) {
            byte[] item;
            try {
                if (!session.isOpen()) {
                    return;
                }
                item = session.link().blpop(results, RedisLink.MAX_SLICE);
            } catch (RuntimeException e) {
                if (!session.isOpen()) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "reading results failed; retrying", e);
                continue;
            }
            if (item == null) {
                continue;
            }
            int nl = indexOf(item, (byte) '\n');
            String chunkId = new String(item, 1, nl - 1, StandardCharsets.UTF_8);
            var done = pending.remove(chunkId);
            if (done == null) {
                ignored.incrementAndGet();
                continue;
            }
            byte[] rest = Arrays.copyOfRange(item, nl + 1, item.length);
            try {
                if (item[0] == 'L') {
                    String party = new String(rest, StandardCharsets.UTF_8);
                    done.accept(new WorkerLostException("agent " + party, -9,
                            "chunk " + chunkId + " (the agent's lease expired: its host died, or was cut off or paused too long)"));
                } else {
                    var outcome = (Envelopes.Outcome) session.codec().open(Envelopes.RESULT, rest);
                    done.accept(outcome.failure() != null ? outcome.failure() : outcome.values());
                }
            } catch (RuntimeException e) {
                done.accept(e);
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
            var done = pending.remove(k);
            if (done != null) {
                done.accept(e);
            }
        }
    }

    /** Results that arrived for no pending chunk (for tests: a fenced-out late result would land here). */
    long ignoredResults() {
        return ignored.get();
    }

    /** No new tasks; queued ones finish. */
    public void shutdown() {
        if (state == State.RUN) {
            state = State.CLOSE;
        }
    }

    /** Stops at once: what is not done fails, and agents drop the pool. */
    public void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATE;
        failAll(new IllegalStateException("pool terminated"));
        removeSpec();
        state = State.TERMINATED;
    }

    /** Waits until every submitted task has completed (after {@link #shutdown()} or {@link #terminate()}). */
    public void join() {
        if (state == State.RUN) {
            throw new IllegalStateException("join() needs shutdown() or terminate() first (state RUN)");
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.multiprocessing4j.InterruptedWaitException("interrupted while joining the pool", e);
        }
        if (state != State.TERMINATED) {
            removeSpec();
            state = State.TERMINATED;
        }
    }

    private void removeSpec() {
        try {
            if (session.isOpen()) {
                session.link().call(RedisCommands.DEL, session.key("pool:" + id), session.key("pool:" + id));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the pool's spec", e);
        }
    }

    boolean isShutdown() {
        return state != State.RUN;
    }

    boolean isTerminated() {
        return state == State.TERMINATED;
    }

    /** Waits at most {@code timeout} for {@link #join()}'s condition; true when terminated. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (state == State.RUN) {
            return false;
        }
        if (!reader.join(timeout)) {
            return false;
        }
        join();
        return true;
    }

    /** shutdown + join. */
    @Override
    public void close() {
        shutdown();
        join();
    }

    /** Settings of a {@link RedisPool}; the agents apply them to their local pools. */
    public static final class Builder {
        private final RedisContext context;
        private int processes = 1;
        private int retries;
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;
        private long memoryLimit;
        private String[] jvmArgs = new String[0];

        Builder(RedisContext context) {
            this.context = context;
        }

        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("processes must be >= 1: processes=" + processes);
            }
            this.processes = processes;
            return this;
        }

        /** How many times a chunk whose agent died is run again elsewhere (default 0: it fails with WorkerLostException). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0: retries=" + retries);
            }
            this.retries = retries;
            return this;
        }

        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        public Builder maxTasksPerChild(int tasks) {
            this.maxTasksPerChild = tasks;
            return this;
        }

        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        public Builder jvmArgs(String... args) {
            this.jvmArgs = args.clone();
            return this;
        }

        public RedisPool build() {
            return new RedisPool(context.sessionInternal(), this);
        }
    }
}
