package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.connection.Connections;
import org.multiprocessing4j.internal.spawn.Popen;
import org.multiprocessing4j.internal.spawn.SpawnPopen;
import org.multiprocessing4j.internal.spawn.ThreadPopen;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.multiprocessing4j.internal.wire.Serializers;

import java.util.List;
import java.util.Objects;

/**
 * The start methods of this machine:
 * <ul>
 *   <li>{@link #SPAWN}: each process is a new child JVM ({@link SpawnPopen}); pools have
 *       worker JVMs.</li>
 *   <li>{@link #WARM}: each process runs on a child JVM booted ahead of time
 *       ({@link WarmSpares}), or is spawned afresh when it has JVM options or environment
 *       variables of its own; pools have worker JVMs, as under spawn.</li>
 *   <li>{@link #THREAD}: each process is a thread of this JVM ({@link ThreadPopen}), nothing is
 *       serialised; pools have worker threads (Python's {@code multiprocessing.dummy}).</li>
 * </ul>
 */
public final class LocalStartMethod implements StartMethod {

    private enum Kind { SPAWN, WARM, THREAD }

    public static final LocalStartMethod SPAWN = new LocalStartMethod("spawn", Kind.SPAWN);
    public static final LocalStartMethod WARM = new LocalStartMethod("warm", Kind.WARM);
    public static final LocalStartMethod THREAD = new LocalStartMethod("thread", Kind.THREAD);

    private static final List<LocalStartMethod> ALL = List.of(SPAWN, WARM, THREAD);

    /** The names, in the order {@code getAllStartMethods()} lists them; the first is the default. */
    public static final List<String> NAMES = ALL.stream().map(LocalStartMethod::name).toList();

    private final String name;
    private final Kind kind;

    private LocalStartMethod(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /**
     * The start method called {@code name}.
     *
     * @throws IllegalArgumentException if there is none of that name
     */
    public static LocalStartMethod named(String name) {
        Objects.requireNonNull(name, "method");
        for (LocalStartMethod m : ALL) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown start method: method='" + name + "'; available: " + NAMES);
    }

    /**
     * The start method called {@code name}, prepared for use (see {@link StartMethod#prepare()}).
     *
     * @throws IllegalArgumentException if there is none of that name
     */
    public static LocalStartMethod prepared(String name) {
        var m = named(name);
        m.prepare();
        return m;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Popen start(ProcessLaunch process) {
        return switch (kind) {
            case SPAWN -> spawn(process, false);
            case WARM -> spawn(process, true);
            case THREAD -> ThreadPopen.launch(process.name(), process.daemon(), process::runHere);
        };
    }

    @Override
    public boolean separateProcess() {
        return kind != Kind.THREAD;
    }

    @Override
    public WorkerPool pool(PoolSpec spec) {
        return new LocalWorkerPool(spec, kind == Kind.THREAD);
    }

    @Override
    public void prepare() {
        if (kind == Kind.WARM && !Multiprocessing.currentProcess().isDaemon()) {
            WarmSpares.prestart(); // a daemonic process cannot have children: no spares for it
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** A child JVM for {@code process}: a new one, or under {@code warm} a spare. */
    private static Popen spawn(ProcessLaunch process, boolean warm) {
        // Pipe ends in the payload wait for the child to claim them; a child that dies first
        // never will, so they are withdrawn when it exits (the peer then sees the end of stream).
        try (var exports = Connections.RecipientExports.open()) {
            var request = new SpawnPopen.Request(process.name(), process.daemon(), process.authkey(), process.jvmArgs(),
                    process.env(), process.payload(), Serializers.name(), process.parentName(), process.inheritedStartMethod());
            Popen p = warm ? WarmSpares.launch(request) : SpawnPopen.launch(request);
            exports.withdrawWhen(p.onExit());
            return p;
        }
    }
}
