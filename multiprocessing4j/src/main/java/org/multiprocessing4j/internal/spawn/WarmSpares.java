package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.IOException;
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
 * The {@code "warm"} start method: child JVMs booted ahead of time — started, connected and
 * authenticated, their runtime classes loaded — that wait for a process to run. Starting a
 * process on a spare costs one frame on an open socket instead of a JVM start-up.
 *
 * <p>A spare is generic: it was started with the parent's own JVM flags, class path and
 * environment, so a process with {@code jvmArgs} or {@code env} of its own cannot use one and is
 * spawned afresh instead (with the same semantics). Everything else — names, pids, exit codes,
 * daemon rules, authkey, current and parent process, nested children — is that of
 * {@code "spawn"}: once it runs a process, a spare is watched like any spawned child, and it
 * runs exactly one process, so every process still starts from a fresh JVM's state.
 *
 * <p>Configuration: the system property {@value Configuration#WARM_SPARES_PROP_NAME} (default
 * {@value Configuration#WARM_SPARES_DEFAULT}) is how many spares are kept booted; each one taken is replaced in
 * the background once its process has ended or has run for {@value #REFILL_DELAY_MILLIS} ms. With 0, each warm start boots its spare on demand (as slow as
 * {@code "spawn"}). The first spares boot when the {@code "warm"} context is first asked for.
 *
 * <p>Lifecycle: spares are children of this JVM like any other and die with it whatever way it
 * ends ({@code PR_SET_PDEATHSIG}, and end of stream on their control channel); at a normal exit
 * they are killed from a shutdown hook. {@link #shutdown()} retires them all earlier.
 *
 * <p>Thread-safe. Not process-wide state to share: each JVM has its own spares.
 */
public final class WarmSpares {

    private static final System.Logger LOG = LazyLogger.of(WarmSpares.class);
    private static final long RETIRE_WAIT_SECONDS = 10;
    /**
     * A taken spare is replaced once its process has ended or has run this long, whichever
     * comes first: booting a JVM takes all the CPU a small machine has, and would otherwise
     * slow down the very start the spare was there to speed up.
     */
    private static final long REFILL_DELAY_MILLIS = 100;

    /** A booted (or booting) JVM waiting for a process; {@code link} completes after its handshake. */
    record Spare(long childId, java.lang.Process os, ControlServer server, String serializer,
                 CompletableFuture<FrameChannel> link) {

        boolean usable() {
            return os.isAlive() && !link.isCompletedExceptionally();
        }

        boolean ready() {
            return link.isDone() && !link.isCompletedExceptionally();
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
     * launch() takes a ready spare if there is one, else spawns the process afresh (with no
     * spares configured, it boots one on the spot); a little later it asks for a refill,
     * which the refill thread performs. shutdown() bumps the generation, so a refill that completes
     * afterwards retires its spare instead of keeping it, then kills the spares it took out.
     * A spare that died while waiting (killed from outside) is dropped when it is next looked
     * at; its watcher-less exit is reaped by the JDK's process reaper.
     */

    private WarmSpares() {}

    /**
     * Starts the process described by {@code r} on a ready spare (or afresh when it has JVM
     * arguments or environment variables of its own, or when no spare is ready), and asks for
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
        SpawnPopen popen;
        if (s != null) {
            popen = SpawnPopen.assign(s, r);
        } else if (wanted > 0) {
            // No spare is ready: a plain spawn is faster than waiting for one still booting,
            // which counts as ready only after its rehearsal and a moment of JIT quiet
            // (measured back to back: a start + join took 266 ms waiting for booting spares,
            // 194 ms spawned). The booting spares go on for the next starts.
            popen = SpawnPopen.launch(r);
        } else {
            popen = SpawnPopen.assign(boot(r.serializer()), r);
        }
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

    /** How many spares are booted and waiting now (for benchmarks and tests). */
    public static int ready() {
        synchronized (LOCK) {
            return (int) SPARES.stream().filter(Spare::ready).count();
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

    /** The oldest ready spare for a process, or null; dead ones are dropped. */
    private static Spare take(String serializer) {
        var dead = new ArrayList<Spare>();
        Spare best = null;
        synchronized (LOCK) {
            for (var it = SPARES.iterator(); it.hasNext(); ) {
                Spare s = it.next();
                if (!s.usable() || !s.serializer().equals(serializer)) {
                    it.remove();
                    dead.add(s);
                } else if (s.ready()) {
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

    /** Boots the spares missing to make {@code wanted}, unless a shutdown came after {@code gen}. */
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

    /** Starts a spare JVM: step 0 of {@link ControlProtocol} with a one-time key. */
    private static Spare boot(String serializer) {
        installHook();
        var server = ControlServer.get();
        long childId = SpawnPopen.nextChildId();
        byte[] key = Handshake.newAuthkey();
        var link = server.expectConnection(childId, key, null);
        String name = "mp4j-spare-" + childId;
        var bootstrap = new Bootstrap(childId, server.socket(), key, serializer, ProcessHandle.current().pid(),
                "?", name, Session.directoryForLaunch(), "warm", true, false, false, null, null);
        try {
            var os = SpawnPopen.startJvm(name, JvmCommand.build(List.of(), serializer), Map.of(),
                    ProcessBuilder.Redirect.INHERIT);
            SpawnPopen.writeBootstrap(os, bootstrap.withDeathSignalArmed(ParentDeathSignal.armedByLauncher()));
            return new Spare(childId, os, server, serializer, link);
        } catch (RuntimeException e) {
            server.forgetConnection(childId);
            throw e;
        }
    }

    /** Kills a spare that will never get a process and waits a bounded time for it to go. */
    private static void retire(Spare s) {
        s.os().destroyForcibly(); // first: a spare refused at its handshake would say so on stderr
        s.server().forgetConnection(s.childId());
        s.link().thenAccept(ch -> {
            try {
                ch.close();
            } catch (IOException e) {
                // it is being killed anyway
            }
        });
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
