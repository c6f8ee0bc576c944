package org.multiprocessing4j.benchmarks;

import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.redis.Agent;
import org.multiprocessing4j.redis.RedisContext;
import org.multiprocessing4j.redis.RedisOptions;
import org.multiprocessing4j.redis.RedisServer;

import org.redisson.Redisson;
import org.redisson.api.RBlockingDeque;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.api.queue.DequeMoveArgs;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The Redis backend's workloads beside their floors: each operation of a {@link RedisContext}
 * and the same operation done with bare Redisson (4.7.0, {@code ByteArrayCodec}, default
 * settings) in the same JVM and run, in interleaved rounds; then {@code pool.map} throughput
 * with one, two and three agents. Prints Markdown (the table of docs/DISTRIBUTED.md "Figures").
 *
 * <pre>
 *   bench/compare --redis [--repeat N]                        (builds, then runs this)
 *   java FLAGS -cp ... org.multiprocessing4j.benchmarks.RedisWorkloads [--rounds N] [--ops N] [--pool-ops N]
 *        [--map-items N] [--only ops|map]
 * </pre>
 *
 * <p>The server is a {@code redis-server} started here on a free 127.0.0.1 port (the tests'
 * {@link RedisServer}: the one on the PATH, else the bundled Redis 6.2 binary), stopped at the
 * end. Agents run in this JVM (as the module's tests run them), one slot each; their workers are
 * child JVMs. The pool floor is the research's pool path with bare Redisson: the caller
 * {@code RPUSH}es a task, a consumer thread of this JVM with a client of its own {@code BLMOVE}s it
 * to its in-flight list and runs a fenced ack script (LREM in-flight, RPUSH result), the caller
 * {@code BLPOP}s the result.
 */
public final class RedisWorkloads {

    /** How many ops one side of a pair runs before the other side's turn. */
    private static final int BLOCK = 25;
    /** Each measured loop also stops after this long, whatever its count. */
    private static final long LOOP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The loop of one map item: a few ms of one core's arithmetic (measured and printed by the run). */
    static final int SPIN = 8_000_000;

    private static final String ACK = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[2])
            return 1
            """;

    private RedisWorkloads() {}

    /** One operation measured ours and bare: {@code run()} does one op. */
    private record Pair(String name, String bare, double target, Op ours, Op floor) {}

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = intArg(args, "--rounds", 5);
        int ops = intArg(args, "--ops", 1000);
        int poolOps = intArg(args, "--pool-ops", 400);
        int mapItems = intArg(args, "--map-items", 1200);
        String only = stringArg(args, "--only", "all");
        String loadBefore = load();
        Instant start = Instant.now();
        try (var server = RedisServer.start()) {
            byte[] authkey = new byte[32];
            new SecureRandom().nextBytes(authkey);
            var options = RedisOptions.builder().address(server.uri()).authkey(authkey)
                    .session("bench-" + UUID.randomUUID().toString().substring(0, 8)).build();
            System.out.printf(Locale.ROOT, "Run %s, Java %s, %d CPUs, redis-server %s on 127.0.0.1 (pid %d); load average"
                            + " before %s%n%n", start, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    RedisServer.binary(), server.pid(), loadBefore);
            if (!only.equals("map")) {
                operations(server, options, rounds, ops, poolOps);
            }
            if (!only.equals("ops")) {
                mapScaling(options, rounds, mapItems);
            }
        }
        System.out.printf(Locale.ROOT, "%nLoad average after: %s; took %d s.%n", load(),
                Duration.between(start, Instant.now()).toSeconds());
        System.exit(0); // Redisson's and the pools' non-daemon threads are closed; nothing must keep us
    }

    // ---- operations, ours beside bare Redisson ----

    private static void operations(RedisServer server, RedisOptions options, int rounds, int ops, int poolOps)
            throws Exception {
        var config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.useSingleServer().setAddress(server.uri());
        RedissonClient bare = Redisson.create(config);
        RedissonClient consumerClient = Redisson.create(config);
        var bareConsumer = new BareConsumer(consumerClient);
        try (var ctx = RedisContext.connect(options); var agent = Agent.start(options, 1, "bench-a")) {
            Queue<Integer> queue = ctx.queue();
            RBlockingQueue<byte[]> bareQueue = bare.getBlockingQueue("bare:q", ByteArrayCodec.INSTANCE);
            byte[] item = {1, 2, 3, 4};
            Lock lock = ctx.lock();
            RSemaphore semaphore = bare.getSemaphore("bare:sem");
            semaphore.trySetPermits(1);
            org.multiprocessing4j.RLock rLock = ctx.rLock();
            RLock bareLock = bare.getLock("bare:lock");
            ConcurrentMap<String, Integer> dict = ctx.dict("bench");
            RMap<byte[], byte[]> bareMap = bare.getMap("bare:map", ByteArrayCodec.INSTANCE);
            byte[] key = "k".getBytes(StandardCharsets.UTF_8);
            RBlockingDeque<byte[]> bareTasks = bare.getBlockingDeque("bare:tasks", ByteArrayCodec.INSTANCE);
            RBlockingQueue<byte[]> bareResults = bare.getBlockingQueue("bare:results", ByteArrayCodec.INSTANCE);
            try (Pool pool = ctx.pool(1); Pool local = new Pool(1)) {
                var pairs = List.of(
                        new Pair("queue put + get", "RBlockingQueue offer + poll", 1.3,
                                () -> { queue.put(7); queue.get(); },
                                () -> { bareQueue.offer(item); bareQueue.poll(); }),
                        new Pair("lock acquire + release", "RSemaphore(1) acquire + release", 1.3,
                                () -> { lock.acquire(); lock.release(); },
                                () -> { semaphore.acquire(); semaphore.release(); }),
                        new Pair("rLock acquire + release", "RLock lock + unlock", 1.3,
                                () -> { rLock.acquire(); rLock.release(); },
                                () -> { bareLock.lock(); bareLock.unlock(); }),
                        new Pair("dict put (returns the old value)", "RMap put", 1.3,
                                () -> dict.put("k", 7),
                                () -> bareMap.put(key, item)),
                        new Pair("dict get", "RMap get", 1.3,
                                () -> dict.get("k"),
                                () -> bareMap.get(key)),
                        new Pair("pool apply round trip (1 agent, 1 slot)", "RPUSH → BLMOVE + ack script → BLPOP", 1.5,
                                () -> pool.apply(RedisWorkloads::one),
                                () -> { bareTasks.add(item); bareResults.poll(5, TimeUnit.SECONDS); }));
                pool.apply(RedisWorkloads::one); // the agent's local pool and its worker JVM start here
                local.apply(RedisWorkloads::one);
                measurePairs(pairs, rounds, ops, poolOps);
                double[] hop = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    hop[r] = p50Micros(() -> local.apply(RedisWorkloads::one), poolOps);
                }
                System.out.printf(Locale.ROOT, "%nFor reference, the hop every chunk also makes on its agent, which the bare"
                        + " floor lacks: a local Pool(1) apply round trip (default start method), measured after the table,"
                        + " %.0f µs (median of %d rounds' p50, range %.0f–%.0f).%n", median(hop), rounds, min(hop), max(hop));
            }
        } finally {
            bareConsumer.close();
            consumerClient.shutdown();
            bare.shutdown();
        }
    }

    static int one() {
        return 1;
    }

    /** The consumer of the bare pool path: a thread with its own client. */
    private static final class BareConsumer implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        BareConsumer(RedissonClient client) {
            RBlockingDeque<byte[]> tasks = client.getBlockingDeque("bare:tasks", ByteArrayCodec.INSTANCE);
            RScript script = client.getScript(ByteArrayCodec.INSTANCE);
            byte[] result = {9, 9, 9, 9};
            thread = Thread.ofPlatform().daemon().name("bare-consumer").start(() -> {
                var move = DequeMoveArgs.pollFirst().addLastTo("bare:inflight");
                while (!stop) {
                    byte[] id = tasks.move(Duration.ofSeconds(1), move);
                    if (id != null) {
                        script.eval(RScript.Mode.READ_WRITE, ACK, RScript.ReturnType.LONG,
                                List.of("bare:inflight", "bare:results"), id, result);
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5000);
        }
    }

    /**
     * Proceed in rounds; in each, every pair runs its two sides in alternating blocks of
     * {@link #BLOCK} ops ({@code ops} ops each, the pool pair {@code poolOps}), so that a change
     * of the machine's load within the round hits both sides; the side that starts alternates
     * between rounds. A first round warms up and is not counted.
     */
    private static void measurePairs(List<Pair> pairs, int rounds, int ops, int poolOps) throws Exception {
        int n = pairs.size();
        double[][] ours = new double[n][rounds];
        double[][] floor = new double[n][rounds];
        for (int r = -1; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                Pair p = pairs.get(i);
                int count = p.target() == 1.5 ? poolOps : ops;
                var a = new Samples(count);
                var b = new Samples(count);
                long end = System.nanoTime() + LOOP_LIMIT_NANOS;
                boolean oursFirst = r % 2 == 0;
                while ((a.done < count || b.done < count) && System.nanoTime() < end) {
                    if (oursFirst) {
                        a.run(p.ours(), BLOCK);
                        b.run(p.floor(), BLOCK);
                    } else {
                        b.run(p.floor(), BLOCK);
                        a.run(p.ours(), BLOCK);
                    }
                }
                if (r >= 0) {
                    ours[i][r] = a.median();
                    floor[i][r] = b.median();
                }
            }
        }
        System.out.printf(Locale.ROOT, "Operations: p50 of each round (%d ops a side, the pool %d, in alternating blocks of %d),"
                + " median of %d rounds; ratio = ours / bare, per round, median and range.%n%n", ops, poolOps, BLOCK, rounds);
        System.out.println("| operation | this backend µs | bare Redisson | bare µs | ratio (range) | target | verdict |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < n; i++) {
            Pair p = pairs.get(i);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = ours[i][r] / floor[i][r];
            }
            double ratio = median(ratios);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.0f | %.2f× (%.2f–%.2f) | ≤ %.1f× | %s |%n", p.name(),
                    median(ours[i]), p.bare(), median(floor[i]), ratio, min(ratios), max(ratios), p.target(),
                    ratio <= p.target() ? "met" : "missed");
        }
    }

    /** Latencies in µs of one side of a pair in one round. */
    private static final class Samples {
        final double[] each;
        int done;

        Samples(int count) {
            each = new double[count];
        }

        void run(Op op, int block) throws Exception {
            for (int k = 0; k < block && done < each.length; k++) {
                long t = System.nanoTime();
                op.run();
                each[done++] = (System.nanoTime() - t) / 1e3;
            }
        }

        double median() {
            return RedisWorkloads.median(Arrays.copyOf(each, done));
        }
    }

    /** The median latency in µs of {@code count} runs of {@code op} (fewer if they pass the loop limit). */
    private static double p50Micros(Op op, int count) throws Exception {
        var s = new Samples(count);
        long end = System.nanoTime() + LOOP_LIMIT_NANOS;
        while (s.done < count && System.nanoTime() < end) {
            s.run(op, BLOCK);
        }
        return s.median();
    }

    // ---- pool.map throughput with 1, 2, 3 agents ----

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < SPIN; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    /** One item's time in ns inside the worker (its result decides the answer, so the JIT keeps the loop). */
    static long spinNanos(int seed) {
        long t = System.nanoTime();
        long x = spin(seed);
        long took = System.nanoTime() - t;
        return x == Long.MIN_VALUE ? -took : took;
    }

    static long pidAfter(int ms) {
        try {
            Thread.sleep(ms); // a task that takes a while, so that every idle agent takes one of the chunks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProcessHandle.current().pid();
    }

    /**
     * Proceed in rounds; in each, the agent count goes 1, 2, 3 (every other round 3, 2, 1),
     * starting or closing agents in this JVM; for each count a new pool, a warm-up until every
     * agent's worker JVM ran a chunk, a warm-up map, then the measured map of {@code items}
     * CPU-bound items (chunksize 10).
     */
    private static void mapScaling(RedisOptions options, int rounds, int items) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        double[][] rate = new double[3][rounds];
        var itemNanos = new ArrayList<Long>();
        var agents = new ArrayList<Agent>();
        var inputs = IntStream.range(0, items).boxed().toList();
        try (var ctx = RedisContext.connect(options)) {
            for (int r = 0; r < rounds; r++) {
                for (int step = 0; step < 3; step++) {
                    int k = r % 2 == 0 ? step + 1 : 3 - step;
                    while (agents.size() < k) {
                        agents.add(Agent.start(options, 1, "bench-" + (char) ('a' + agents.size())));
                    }
                    while (agents.size() > k) {
                        agents.removeLast().close();
                    }
                    try (Pool pool = ctx.pool(k)) {
                        warmUp(pool, k);
                        pool.map(RedisWorkloads::spin, inputs.subList(0, Math.min(items, 100)), 10);
                        long t = System.nanoTime();
                        pool.map(RedisWorkloads::spin, inputs, 10);
                        rate[k - 1][r] = items / ((System.nanoTime() - t) / 1e9);
                        if (k == 1) { // one item's time on a warm worker, alone on its agent
                            itemNanos.addAll(pool.map(RedisWorkloads::spinNanos, inputs.subList(0, Math.min(items, 40)), 10));
                        }
                    }
                }
            }
        } finally {
            for (var a : agents) {
                a.close();
            }
        }
        double one = median(rate[0]);
        double ms = median(itemNanos.stream().mapToDouble(n -> n / 1e6).toArray());
        System.out.printf(Locale.ROOT, "%npool.map throughput: %d items of %d k LCG steps each (CPU-bound: %.2f ms inside a warm"
                + " worker, the median of %d timed items, so at most %.0f items/s per core), chunksize 10, one slot per agent,"
                + " agents in this JVM (their workers are child JVMs); median of %d rounds. This machine has %d CPUs, shared by"
                + " the driver, the agents, their workers, redis-server and whatever else runs: per core = items/s ÷"
                + " min(agents, %d); efficiency = per core ÷ that ideal.%n%n",
                items, SPIN / 1000, ms, itemNanos.size(), 1000 / ms, rounds, cores, cores);
        System.out.println("| agents | items/s | range | vs 1 agent | per core | efficiency |");
        System.out.println("|---|---|---|---|---|---|");
        for (int k = 1; k <= 3; k++) {
            double m = median(rate[k - 1]);
            double perCore = m / Math.min(k, cores);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f–%.0f | %.2f× | %.0f | %.0f %% |%n", k, m, min(rate[k - 1]),
                    max(rate[k - 1]), m / one, perCore, 100 * perCore * ms / 1000);
        }
    }

    /** Maps sleeping tasks (chunksize 1) until each of the {@code agents} agents' workers answered (at most 10 tries). */
    private static void warmUp(Pool pool, int agents) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            var pids = new HashSet<>(pool.map(RedisWorkloads::pidAfter, java.util.Collections.nCopies(agents * 2, 200), 1));
            if (pids.size() >= agents) {
                return;
            }
        }
        throw new IOException("after 10 warm-up maps, not every one of the " + agents + " agents had run a chunk");
    }

    // ---- small helpers ----

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    private static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }

    private static int intArg(String[] args, String name, int dflt) {
        String v = stringArg(args, name, null);
        if (v == null) {
            return dflt;
        }
        int n = Integer.parseInt(v);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + name + "=" + n);
        }
        return n;
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
