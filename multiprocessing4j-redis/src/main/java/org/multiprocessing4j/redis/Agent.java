package org.multiprocessing4j.redis;

import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.spawn.Popen;
import org.multiprocessing4j.internal.spawn.SpawnPopen;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.multiprocessing4j.redis.internal.ChunkTask;
import org.multiprocessing4j.redis.internal.Codec;
import org.multiprocessing4j.redis.internal.Envelopes;
import org.multiprocessing4j.redis.internal.Fingerprint;
import org.multiprocessing4j.redis.internal.RedisLink;
import org.multiprocessing4j.redis.internal.Scripts;
import org.multiprocessing4j.redis.internal.Session;
import org.multiprocessing4j.redis.internal.Sessions;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host agent: a long-lived JVM on each host, started with the application's class path, that
 * takes chunks of the session's pools from Redis and runs them in its own local child JVMs
 * through {@link Pool} (so task timeouts, memory limits, {@code maxTasksPerChild}, initializers
 * and {@link WorkerLostException} behave as on one machine, and killing is a real signal).
 *
 * <pre>
 *   java -cp app.jar:... org.multiprocessing4j.redis.Agent --redis redis://host:6379 \
 *        [--user NAME] [--password-file PATH] --authkey-file PATH [--session NAME] [--slots N] [--host LABEL]
 * </pre>
 * or {@link #start(RedisOptions, int)} in a program. {@code --slots} is how many chunks run at
 * once (one local worker JVM each, or one process of a Redis context); {@code --host} names
 * the agent in messages (default: the host name). From its first process of a Redis context
 * on, the agent keeps spare JVMs started for the next ones (the warm start method), so later
 * processes skip the JVM's creation.
 *
 * <p>An agent holds a lease in the session; while it lives, chunks it took stay in its in-flight
 * list until their results are acknowledged by the fenced script. If it loses its lease (a stop
 * or partition longer than the lease), it kills its workers, its late results are refused, and it
 * joins again as a new party. It refuses (fails) a chunk whose pool was made on a class path with
 * another fingerprint, naming both.
 */
public final class Agent implements AutoCloseable {

    /*
     * Implementation overview. One supervisor thread joins the session (a Session of kind
     * "agent") and starts `slots` slot threads; each loops: BLMOVE tasks -> inflight:<me> (1 s
     * slices; the element brings the chunk id, pool id and sealed work, so nothing else is read
     * before the run), check the signature, find or make the
     * local Pool of that pool id from its sealed spec (fingerprint checked), run the work there
     * (ChunkTask), and acknowledge with the fenced ACK script. When the session is lost the
     * supervisor terminates the local pools (their workers are killed), waits for the slot
     * threads, and joins again after a pause; closing leaves the session, so chunks not started
     * go back to the head of the tasks list.
     */

    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final RedisOptions options;
    private final int slots;
    private final String hostLabel;
    private final Thread supervisor;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /** Processes of Redis contexts running here, killed when this agent loses its session. */
    private final java.util.Set<Popen> processes = ConcurrentHashMap.newKeySet();
    private volatile Session session;
    private volatile boolean closed;

    private Agent(RedisOptions options, int slots, String hostLabel) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1: slots=" + slots);
        }
        this.options = options;
        this.slots = slots;
        this.hostLabel = hostLabel;
        this.session = Session.open(options, "agent", slots + 4, hostLabel); // fail fast on bad credentials
        Sessions.register(session); // Redis objects in tasks and processes find the session through it
        this.supervisor = Thread.ofPlatform().name("mp4j-agent").start(this::supervise);
    }

    /** Starts an agent in this JVM with {@code slots} local workers; {@link #close()} stops it. */
    public static Agent start(RedisOptions options, int slots) {
        return new Agent(options, slots, null);
    }

    /** As {@link #start(RedisOptions, int)}, naming the agent's host {@code hostLabel} in messages. */
    public static Agent start(RedisOptions options, int slots, String hostLabel) {
        return new Agent(options, slots, hostLabel);
    }

    private void supervise() {
        while (!closed) {
            Session s = session;
            if (s == null) {
                try {
                    s = Session.open(options, "agent", slots + 4, hostLabel);
                    Sessions.register(s);
                    session = s;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot join the session again: " + e.getMessage());
                    pause(1000);
                    continue;
                }
            }
            var threads = new ArrayList<Thread>();
            final Session current = s;
            for (int i = 0; i < slots; i++) {
                threads.add(Thread.ofPlatform().name("mp4j-agent-slot-" + i).start(() -> slot(current)));
            }
            while (!closed && current.isOpen()) {
                pause(200);
                dropClosedPools(current);
            }
            terminatePools(); // lost or closing: workers of in-flight chunks are killed
            for (var t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Sessions.unregister(current);
            current.close();
            session = null;
        }
    }

    private void slot(Session s) {
        String tasks = s.key("tasks");
        String inflight = s.key("inflight:" + s.id());
        while (!closed && s.isOpen()) {
            byte[] element;
            try {
                element = s.link().blmove(tasks, inflight, RedisLink.MAX_SLICE);
            } catch (RuntimeException e) {
                if (!closed && s.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "taking a chunk failed", e);
                    pause(100);
                }
                continue;
            }
            if (element != null) {
                Envelopes.TaskElement task = null;
                try {
                    task = Envelopes.TaskElement.parse(element);
                    run(s, task, inflight);
                } catch (RuntimeException e) { // the chunk stays in flight: the reaper settles it if this agent dies
                    LOG.log(System.Logger.Level.WARNING, "chunk " + (task == null ? "(malformed)" : task.chunkId())
                            + " could not be run or acknowledged", e);
                    if (task == null) { // not a task of this library: drop it, as nothing could answer it
                        s.link().call(RedisCommands.LREM, inflight, inflight, 1, element);
                    }
                }
            }
        }
    }

    /** Runs one chunk and acknowledges it (the ack is fenced by the server, whatever this agent believes). */
    private void run(Session s, Envelopes.TaskElement task, String inflight) {
        String chunkId = task.chunkId();
        String chunkKey = s.key("chunk:" + chunkId);
        if (Envelopes.PROCESS_POOL.equals(task.poolId())) {
            acknowledge(s, task, inflight, chunkKey, runProcess(s, chunkId, task.sealed()));
            return;
        }
        byte[] outcome;
        try {
            byte[] work = s.codec().openEncoded(Envelopes.TASK, task.sealed());
            Pool pool = localPool(s, task.poolId());
            outcome = pool.applyAsync(ChunkTask.of(work)).get(null);
        } catch (WorkerLostException e) { // the driver names the task as the user numbers it
            if (requeued(s, task, inflight, chunkKey)) {
                return;
            }
            outcome = failureOf(chunkId, Envelopes.workerLost(s.host() + "/" + e.worker(), e, "chunk " + chunkId));
        } catch (RuntimeException e) {
            outcome = failureOf(chunkId, e);
        }
        acknowledge(s, task, inflight, chunkKey, outcome);
    }

    /**
     * A chunk whose worker died: back at the head of the tasks list (for this agent or another)
     * while its pool's retries allow, as for a dead agent's chunks.
     */
    private static boolean requeued(Session s, Envelopes.TaskElement task, String inflight, String chunkKey) {
        Long r = s.link().eval(Scripts.RETRY, RScript.ReturnType.LONG, List.of(inflight, chunkKey, s.key("tasks")), task.bytes());
        if (r == 1) {
            LOG.log(System.Logger.Level.INFO, "chunk " + task.chunkId() + " lost its worker on " + s.host() + "; it runs again");
        }
        return r != 0;
    }

    /** Hands a chunk's outcome to its driver through the fenced script (refused if this agent was reaped). */
    private static void acknowledge(Session s, Envelopes.TaskElement task, String inflight, String chunkKey, byte[] outcome) {
        Long accepted = s.link().eval(Scripts.ACK, RScript.ReturnType.LONG, List.of(inflight, chunkKey),
                task.bytes(), task.chunkId(), s.codec().sealEncoded(Envelopes.RESULT, outcome), s.key(""));
        if (accepted == 0) {
            LOG.log(System.Logger.Level.WARNING, "the result of chunk " + task.chunkId() + " was refused: this agent ("
                    + s.id() + ") lost its lease and the chunk was reaped");
        }
    }

    /**
     * Runs a process of a Redis context as a local child JVM, as the warm start method would (on
     * a spare JVM started ahead, {@code multiprocessing4j.warm.spares} of them; afresh when the
     * process has JVM arguments or environment variables of its own),
     * and returns its exit code as the chunk's outcome. Proceed in 4 steps: check the seal and
     * the fingerprint; launch; tell the driver the pid; relay terminate/kill requests until the
     * child ends.
     */
    private byte[] runProcess(Session s, String chunkId, byte[] sealed) {
        Popen child;
        try {
            var spec = (Envelopes.ProcessSpec) s.codec().open(Envelopes.PROCESS, sealed);
            checkFingerprint(s, "process " + spec.name(), spec.fingerprint());
            child = WarmSpares.launch(new SpawnPopen.Request(spec.name(), spec.daemon(), spec.authkey(), spec.jvmArgs(),
                    spec.env(), spec.payload(), spec.serializerName(), spec.parentName(), spec.startMethod()));
        } catch (RuntimeException e) {
            return failureOf(chunkId, e);
        }
        processes.add(child);
        try {
            String results = s.key("results:" + chunkId);
            s.link().call(RedisCommands.RPUSH, results, results, "S" + chunkId + "\n" + s.host() + " " + child.pid());
            String signals = s.key("proc:" + chunkId + ":signal");
            Thread.ofVirtual().name("mp4j-agent-signals-" + chunkId).start(() -> relaySignals(s, signals, child));
            int code = child.onExit().join();
            return new Envelopes.Outcome(chunkId, new Object[] {code}, null, null).encode();
        } finally {
            processes.remove(child);
            child.close();
        }
    }

    private void relaySignals(Session s, String signals, Popen child) {
        while (!child.onExit().isDone() && s.isOpen()) {
            try {
                byte[] sig = s.link().blpop(signals, RedisLink.MAX_SLICE);
                if (sig != null && sig.length == 1) {
                    if (sig[0] == 'K') {
                        child.kill();
                    } else if (sig[0] == 'T') {
                        child.terminate();
                    }
                }
            } catch (RuntimeException e) {
                if (s.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "relaying signals failed; retrying", e);
                }
            }
        }
    }

    private static void checkFingerprint(Session s, String what, String theirs) {
        String mine = Fingerprint.own();
        if (!mine.equals(theirs)) {
            throw new BrokenPoolException("the agent on " + s.host() + " refuses " + what
                    + ": its class path has fingerprint " + mine + ", the program's has " + theirs
                    + " (start every agent with the application's class path, or set -D" + Fingerprint.PROPERTY
                    + " to the same version everywhere)");
        }
    }

    private static byte[] failureOf(String chunkId, Throwable t) {
        return Envelopes.Outcome.failed(chunkId, t).encode();
    }

    private Pool localPool(Session s, String poolId) {
        Pool p = pools.get(poolId);
        if (p != null) {
            return p;
        }
        synchronized (pools) {
            p = pools.get(poolId);
            if (p != null) {
                return p;
            }
            byte[] sealed = s.link().call(RedisCommands.GET, s.key("pool:" + poolId), s.key("pool:" + poolId));
            if (sealed == null) {
                throw new IllegalStateException("pool " + poolId + " is closed");
            }
            var spec = (Envelopes.PoolSpec) s.codec().open(Envelopes.POOL, sealed);
            checkFingerprint(s, "pool " + poolId, spec.fingerprint());
            var b = Pool.builder().processes(slots).jvmArgs(spec.jvmArgs());
            if (spec.initializer() != null) {
                b.initializer(spec.initializer());
            }
            if (spec.maxTasksPerChild() > 0) {
                b.maxTasksPerChild(spec.maxTasksPerChild());
            }
            if (spec.taskTimeout() != null) {
                b.taskTimeout(spec.taskTimeout());
            }
            if (spec.memoryLimit() > 0) {
                b.memoryLimit(spec.memoryLimit());
            }
            p = b.build();
            pools.put(poolId, p);
            return p;
        }
    }

    private void dropClosedPools(Session s) {
        for (var e : new HashMap<>(pools).entrySet()) {
            try {
                Long exists = s.link().call(RedisCommands.EXISTS_LONG, s.key("pool:" + e.getKey()),
                        s.key("pool:" + e.getKey()));
                if (exists == 0 && pools.remove(e.getKey(), e.getValue())) {
                    e.getValue().terminate();
                }
            } catch (RuntimeException ex) {
                return; // the renewer decides whether the session is lost
            }
        }
    }

    private void terminatePools() {
        processes.forEach(Popen::kill);
        for (var key : List.copyOf(pools.keySet())) {
            Pool p = pools.remove(key);
            if (p != null) {
                p.terminate();
                p.join();
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // the supervisor's polling period, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking work, lets running chunks finish, kills the local workers and the spare JVMs
     * kept for processes, and leaves the session. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        try {
            supervisor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WarmSpares.shutdown();
        }
    }

    /**
     * The command line: {@code --redis URI [--user NAME] [--password-file PATH] --authkey-file PATH
     * [--session NAME] [--slots N] [--host LABEL]}. Runs until killed (SIGTERM leaves cleanly).
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad argument: " + args[i]);
            }
            a.put(args[i].substring(2), args[++i]);
        }
        if (!a.containsKey("redis") || !a.containsKey("authkey-file")) {
            usage("--redis and --authkey-file are required");
        }
        var b = RedisOptions.builder().address(a.get("redis"))
                .authkey(Files.readAllBytes(Path.of(a.get("authkey-file"))));
        if (a.containsKey("user")) {
            b.user(a.get("user"));
        }
        if (a.containsKey("password-file")) {
            b.password(Files.readString(Path.of(a.get("password-file"))).strip().toCharArray());
        }
        if (a.containsKey("session")) {
            b.session(a.get("session"));
        }
        if (a.containsKey("lease-ms")) {
            b.leaseTtl(java.time.Duration.ofMillis(Long.parseLong(a.get("lease-ms"))));
        }
        if (a.containsKey("server-timeout-ms")) {
            b.serverTimeout(java.time.Duration.ofMillis(Long.parseLong(a.get("server-timeout-ms"))));
        }
        int slots = Integer.parseInt(a.getOrDefault("slots", Integer.toString(Runtime.getRuntime().availableProcessors())));
        var agent = new Agent(b.build(), slots, a.get("host"));
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "mp4j-agent-exit"));
        System.out.println("mp4j agent " + agent.session.id() + " on " + agent.session.host() + " ready (" + slots + " slots)");
        System.out.flush();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: Agent --redis redis://host:port [--user NAME] [--password-file PATH] "
                + "--authkey-file PATH [--session NAME] [--slots N] [--host LABEL]");
        System.exit(2);
    }

    /** Codec access for tests in this package. */
    static Codec codecOf(Agent a) {
        return a.session.codec();
    }
}
