package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.wire.Serializers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code "warm"} start method: child JVMs started ahead of time that wait, blocked reading
 * their stdin, for the bootstrap and the process that {@link SpawnPopen} writes there when a
 * process is started on one. Starting a process on a spare skips the JVM's creation (and its
 * AOT cache's preloading), which has happened meanwhile; a spare still booting is taken all the
 * same, being further on than a JVM started then. Until a process is started on it, a spare
 * does nothing and holds nothing of its parent's: no socket, no file.
 *
 * <p>A spare is generic: it was started with the parent's own JVM flags, class path and
 * environment, so a process with {@code jvmArgs} or {@code env} of its own cannot use one and is
 * spawned afresh instead (with the same semantics). Everything else — names, pids, exit codes,
 * daemon rules, authkey, current and parent process, nested children — is that of
 * {@code "spawn"}: the child is a spawned child whose JVM started earlier, and it runs exactly
 * one process, so every process still starts from a fresh JVM's state.
 *
 * <p>Configuration: the system property {@value Configuration#WARM_SPARES_PROP_NAME} (default
 * {@value Configuration#WARM_SPARES_DEFAULT}) is how many spares are kept; each one taken is
 * replaced in the background once its process has ended or has run for
 * {@value #REFILL_DELAY_MILLIS} ms. With 0, each warm start spawns afresh (as {@code "spawn"}
 * does). The first spares start when the {@code "warm"} context is first asked for.
 *
 * <p>Lifecycle: spares are children of this JVM like any other and die with it whatever way it
 * ends ({@code PR_SET_PDEATHSIG}, and end of stream on their stdin before a bootstrap); at a
 * normal exit they are killed from a shutdown hook. {@link #shutdown()} retires them all
 * earlier.
 *
 * <p>Thread-safe. Not process-wide state to share: each JVM has its own spares.
 */
public final class WarmSpares {

    private static final System.Logger LOG = LazyLogger.of(WarmSpares.class);
    private static final long RETIRE_WAIT_SECONDS = 10;
    /**
     * A taken spare is replaced once its process has ended or has run this long, whichever
     * comes first: a JVM's creation takes a core, which the process taken would otherwise share
     * with it at its own start (measured back to back: 44-47 ms per start + join with two
     * spares replaced so, 47-52 ms replaced at once).
     */
    private static final long REFILL_DELAY_MILLIS = 100;

    /**
     * A JVM started ahead of its process: booting, or blocked reading its stdin, where its
     * bootstrap and process come when a process is started on it.
     */
    record Spare(java.lang.Process os, String serializer) {

        boolean usable() {
            return os.isAlive();
        }
    }

    private static final Object LOCK = new Object();
    private static final ArrayDeque<Spare> SPARES = new ArrayDeque<>();
    private static final ExecutorService REFILL = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("mp4j-warm-refill").unstarted(r));
    private static int booting;
    private static long generation;
    private static boolean hookInstalled;

    /*
     * Implementation overview. SPARES holds the spares not yet given a process, oldest first,
     * guarded by LOCK together with `booting` (refills queued or running) and `generation`.
     * launch() takes the oldest live spare if there is one, else spawns the process afresh; a
     * little later it asks for a refill, which the refill thread performs. shutdown() bumps the
     * generation, so a refill that completes afterwards retires its spare instead of keeping it,
     * then kills the spares it took out.
     * A spare that died while waiting (killed from outside) is dropped when it is next looked
     * at; its watcher-less exit is reaped by the JDK's process reaper.
     */

    private WarmSpares() {}

    /**
     * Starts the process described by {@code r} on the oldest spare (or afresh when it has JVM
     * arguments or environment variables of its own, or when there is no spare), and asks for
     * the spare to be replaced.
     *
     * @throws IllegalArgumentException if {@value Configuration#WARM_SPARES_PROP_NAME} is not an integer >= 0
     * @throws org.multiprocessing4j.MultiprocessingException if a JVM cannot be started
     */
    public static SpawnPopen launch(SpawnPopen.Request r) {
        int wanted = configuredSpares();
        if (!r.jvmArgs().isEmpty() || !r.env().isEmpty()) {
            return SpawnPopen.launch(r);
        }
        long gen;
        synchronized (LOCK) {
            gen = generation;
        }
        Spare s = take(r.serializer());
        // A spare still booting is further on than a JVM started now: it is taken all the same.
        SpawnPopen popen = s != null ? SpawnPopen.launchOn(s.os(), r) : SpawnPopen.launch(r);
        var grace = new CompletableFuture<Void>().completeOnTimeout(null, REFILL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        CompletableFuture.anyOf(popen.onExit(), grace).thenRun(() -> refill(wanted, gen));
        return popen;
    }

    /** Boots the configured number of spares in the background, if they are not there yet. */
    public static void prestart() {
        int wanted = configuredSpares();
        long gen;
        synchronized (LOCK) {
            gen = generation;
        }
        refill(wanted, gen);
    }

    /**
     * Kills every spare not yet given a process and waits (a few seconds at most) until they are
     * gone; processes already running on former spares are not affected. Later warm starts boot
     * new spares. Idempotent.
     */
    public static void shutdown() {
        List<Spare> retired;
        synchronized (LOCK) {
            generation++;
            retired = new ArrayList<>(SPARES);
            SPARES.clear();
        }
        try {
            REFILL.submit(() -> { }).get(RETIRE_WAIT_SECONDS, TimeUnit.SECONDS); // refills in flight retire themselves
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "waiting for warm refills", e);
        }
        retired.forEach(WarmSpares::retire);
    }

    /** How many spares are started (booting or waiting) now (for benchmarks and tests). */
    public static int ready() {
        synchronized (LOCK) {
            return (int) SPARES.stream().filter(Spare::usable).count();
        }
    }

    /** The pids of the spares not yet given a process (for tests). */
    public static List<Long> sparePids() {
        synchronized (LOCK) {
            return SPARES.stream().map(s -> s.os().pid()).toList();
        }
    }

    static int configuredSpares() {
        return Configuration.warmSpares();
    }

    /** The oldest live spare for a process, or null; dead ones are dropped. */
    private static Spare take(String serializer) {
        var dead = new ArrayList<Spare>();
        Spare best = null;
        synchronized (LOCK) {
            for (var it = SPARES.iterator(); it.hasNext(); ) {
                Spare s = it.next();
                if (!s.usable() || !s.serializer().equals(serializer)) {
                    it.remove();
                    dead.add(s);
                } else {
                    best = s;
                    break;
                }
            }
            if (best != null) {
                SPARES.remove(best);
            }
        }
        dead.forEach(WarmSpares::retire);
        return best;
    }

    /** Starts the spares missing to make {@code wanted}, unless a shutdown came after {@code gen}. */
    private static void refill(int wanted, long gen) {
        int missing;
        synchronized (LOCK) {
            missing = wanted - SPARES.size() - booting;
            if (missing <= 0 || gen != generation) {
                return;
            }
            booting += missing;
        }
        String serializer = Serializers.name();
        for (int i = 0; i < missing; i++) {
            REFILL.execute(() -> bootInto(gen, serializer));
        }
    }

    private static void bootInto(long gen, String serializer) {
        Spare s = null;
        try {
            s = boot(serializer);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot boot a warm spare", e);
        }
        synchronized (LOCK) {
            booting--;
            if (s != null && gen == generation) {
                SPARES.add(s);
                return;
            }
        }
        if (s != null) {
            retire(s);
        }
    }

    /** Starts a spare JVM, whose bootstrap is written when a process is started on it. */
    private static Spare boot(String serializer) {
        installHook();
        SpawnPopen.prepare();
        var os = SpawnPopen.startJvm("a warm spare", JvmCommand.build(List.of(), serializer), Map.of(),
                ProcessBuilder.Redirect.INHERIT);
        return new Spare(os, serializer);
    }

    /** Kills a spare that will never get a process and waits a bounded time for it to go. */
    private static void retire(Spare s) {
        s.os().destroyForcibly();
        try {
            s.os().waitFor(RETIRE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void installHook() {
        synchronized (LOCK) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mp4j-warm-exit").unstarted(() -> {
                    List<Spare> left;
                    synchronized (LOCK) {
                        generation++;
                        left = new ArrayList<>(SPARES);
                        SPARES.clear();
                    }
                    left.forEach(s -> s.os().destroyForcibly());
                }));
                hookInstalled = true;
            }
        }
    }
}
