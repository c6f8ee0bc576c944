package org.multiprocessing4j;

import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.context.ProcessAccess;
import org.multiprocessing4j.internal.context.ProcessLaunch;
import org.multiprocessing4j.internal.context.StandIn;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.process.ProcessCodec;
import org.multiprocessing4j.internal.process.ProcessRegistry;
import org.multiprocessing4j.internal.spawn.ChildClassPath;
import org.multiprocessing4j.internal.spawn.Popen;

import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An activity run in a separate process: Python's {@code multiprocessing.Process}.
 *
 * <p>Give it a {@link SerializableRunnable} target, or subclass it and override {@link #run()};
 * {@link #start()} then runs it in a new child JVM (start method {@code "spawn"}, the default),
 * in a child JVM started ahead of time (start method {@code "warm"}), or on a new thread (start
 * method {@code "thread"}, Python's {@code multiprocessing.dummy}).
 * For {@code "spawn"} and {@code "warm"} the whole object — target, arguments captured by it, fields of a subclass
 * — is serialised in the caller and rebuilt in the child, so the child works on copies: a change
 * it makes to a static or to a captured object is not seen by the parent. A target that cannot
 * be serialised fails in {@code start()} with a {@link SerializationException} naming the class.
 *
 * <h2>Lifecycle</h2>
 * One state field, moving only forward: {@code INITIAL → STARTED → EXITED → CLOSED}.
 * {@code start()} is allowed once, in {@code INITIAL}; {@code join} needs a started process;
 * {@code close()} needs an ended one, after which every method but {@code close()},
 * {@code getName()} and {@code isDaemon()} raises {@link IllegalStateException} naming the
 * state.
 *
 * <h2>Exit codes</h2>
 * As in CPython: 0 when {@code run()} returns; 1 when it throws (the stack trace is printed to
 * the child's stderr under a {@code Process <name>:} header); {@code n} for
 * {@code System.exit(n)}; {@code -N} when the child was killed by signal N
 * ({@link #terminate()} gives -15, {@link #kill()} -9). A child JVM that ends before it has
 * connected to its parent ran nothing: its status, or 2 if that was 0 (a {@code jvmArgs} option
 * such as {@code -version} makes the JVM exit at once), with a warning logged; a child whose
 * parent cannot complete the connection (out of descriptors, say) gives up after 20 s with 2
 * and says why on its stderr.
 *
 * <h2>Daemons and parent exit</h2>
 * A daemonic process cannot start children. When a process exits normally, its daemonic
 * children are terminated and the others are joined. Whatever way a parent dies, even
 * {@code kill -9}, its child JVMs follow it (Linux {@code PR_SET_PDEATHSIG}, plus end of stream
 * on the control channel everywhere).
 *
 * <h2>Thread and process safety</h2>
 * All methods are thread-safe. A {@code Process} object is controlled from the process that
 * started it; in the child, {@link Multiprocessing#currentProcess()} returns the rebuilt object.
 */
public class Process implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The lifecycle, in order (see the class comment). */
    enum State { INITIAL, STARTED, EXITED, CLOSED }

    static {
        Access.setProcessAccess(new ProcessAccess() {
            @Override
            public Builder builder(StartMethod method) {
                return new Builder(Objects.requireNonNull(method, "method"));
            }

            @Override
            public Process standIn(String name, byte[] authkey, StandIn behaviour) {
                return new Process(name, new int[0], authkey, State.STARTED, null, Objects.requireNonNull(behaviour, "behaviour"));
            }

            @Override
            public Process detached(String name, SerializableRunnable target) {
                return new Process(name, new int[] {0}, new byte[] {1}, State.INITIAL, target, null);
            }

            @Override
            public Parts parts(Process process) {
                return process.getClass() == Process.class
                        ? new Parts(process.name, process.daemon, process.identity, process.target) : null;
            }

            @Override
            public Process fromParts(Parts parts) {
                // As JDK serialisation leaves it: the travelling fields set, the transient ones
                // unset until becomeChild.
                var p = new Process(parts.name(), parts.identity(), null, null, parts.target(), null);
                p.daemon = parts.daemon();
                p.guard = null;
                p.jvmArgs = null;
                p.env = null;
                return p;
            }

            @Override
            public void becomeChild(Process process, byte[] authkey) {
                process.becomeChild(authkey);
            }

            @Override
            public int bootstrap(Process process) {
                return process.bootstrap();
            }
        });
    }

    // Travels to the child.
    private String name;
    private boolean daemon;
    private final SerializableRunnable target;
    private final int[] identity;

    // Stays in the process that created the object (or is set up anew in the child).
    private transient volatile State state;
    private transient volatile Popen popen;
    private transient volatile Sentinel sentinel;
    private transient volatile Object guard;
    private transient byte[] authkey;
    private transient List<String> jvmArgs;
    private transient Map<String, String> env;
    private transient StartMethod startMethod;
    private transient AtomicInteger childCounter;
    private transient Set<Process> children;
    /** Non-null for an object that stands for a process this JVM did not start (itself, its parent). */
    private final transient StandIn standIn;

    /*
     * Implementation overview. The start method (an object its context gave, or the default
     * one) decides how the object runs: spawn launches a JVM and ships this object, serialised
     * in start(), over an authenticated control channel; thread runs bootstrap() on a thread.
     * It sees the process only through a Launch. Either way the Popen publishes the exit code, and
     * every query (isAlive, exitCode, join) reads it from there, so there is no second copy of
     * the child's state to keep in step. The identity (1, 2 for "Process-1:2") comes from a
     * counter in the creating process, as in CPython. Transient fields are null in a rebuilt
     * child object until Runner.runChild() sets them up; guard() tolerates that.
     */

    /** For subclasses that override {@link #run()}; the name is the class's, {@code Squarer-N}. */
    protected Process() {
        this(null, null, null, List.of(), Map.of(), null);
    }

    /** A process that will run {@code target}. */
    public Process(SerializableRunnable target) {
        this(Objects.requireNonNull(target, "target"), null, null, List.of(), Map.of(), null);
    }

    /** A process that will run {@code target}, called {@code name}. */
    public Process(SerializableRunnable target, String name) {
        this(Objects.requireNonNull(target, "target"), Objects.requireNonNull(name, "name"), null, List.of(), Map.of(), null);
    }

    Process(SerializableRunnable target, String name, Boolean daemon, List<String> jvmArgs,
            Map<String, String> env, StartMethod startMethod) {
        Process creator = ProcessRegistry.current();
        this.target = target;
        this.identity = Arrays.copyOf(creator.identity, creator.identity.length + 1);
        this.identity[creator.identity.length] = creator.nextChildNumber();
        this.name = name != null ? name : defaultNamePrefix() + "-"
                + Arrays.stream(identity).mapToObj(Integer::toString).collect(Collectors.joining(":"));
        this.daemon = daemon != null ? daemon : creator.daemon;
        this.authkey = creator.authkeyRef().clone();
        this.jvmArgs = List.copyOf(jvmArgs);
        this.env = Map.copyOf(env);
        this.startMethod = startMethod;
        this.state = State.INITIAL;
        this.guard = new Object();
        this.standIn = null;
    }

    /**
     * As CPython's {@code type(self).__name__}: a subclass is named after its class
     * ({@code Squarer-3}), a plain process {@code Process-3}; an anonymous class has no name of
     * its own and counts as a plain process.
     */
    private String defaultNamePrefix() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? "Process" : simple;
    }

    /** A process outside the numbering of any creator (stand-ins, the AOT cache's training run). */
    private Process(String name, int[] identity, byte[] authkey, State state, SerializableRunnable target, StandIn standIn) {
        this.standIn = standIn;
        this.target = target;
        this.identity = identity;
        this.name = name;
        this.authkey = authkey;
        this.jvmArgs = List.of();
        this.env = Map.of();
        this.state = state;
        this.guard = new Object();
    }

    /** A builder for a process with a target and options: name, daemon, jvmArgs, env, start method. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The work of the process. The default runs the target given at construction, if any;
     * subclasses override it. Runs in the child.
     */
    public void run() {
        if (target != null) {
            target.run();
        }
    }

    /**
     * Starts the process: launches the child and returns without waiting for {@link #run()}.
     *
     * @throws IllegalStateException if the process was started before or is closed, or the
     *         current process is daemonic
     * @throws SerializationException if the process (its target or a field of a subclass)
     *         cannot be serialised; nothing was started
     */
    public void start() {
        refuseIfStandIn("start");
        synchronized (guard()) {
            checkState("start", State.INITIAL, "cannot start a process twice");
            Process creator = ProcessRegistry.current();
            if (creator.daemon) {
                throw new IllegalStateException("daemonic processes are not allowed to have children: "
                        + creator.name + " is daemonic");
            }
            StartMethod method = startMethod != null ? startMethod : ProcessRegistry.defaultStartMethod();
            Popen p = method.start(new Launch(creator, method));
            popen = p;
            sentinel = new Sentinel(name, p.onExit());
            state = State.STARTED;
            creator.children().add(this);
            if (method.separateProcess()) {
                ProcessRegistry.trackJvmChild(this);
            }
        }
    }

    /** This process as its start method sees it, while {@link #start()} holds the guard. */
    private final class Launch implements ProcessLaunch {
        private final Process creator;
        private final StartMethod method;

        Launch(Process creator, StartMethod method) {
            this.creator = creator;
            this.method = method;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean daemon() {
            return daemon;
        }

        @Override
        public byte[] authkey() {
            return authkey;
        }

        @Override
        public List<String> jvmArgs() {
            return jvmArgs;
        }

        @Override
        public Map<String, String> env() {
            return env;
        }

        @Override
        public String parentName() {
            return creator.name;
        }

        @Override
        public String inheritedStartMethod() {
            return method.name(); // a child reports the method that started it, and its children use it
        }

        @Override
        public byte[] payload() {
            try {
                ChildClassPath.ensureReachable(Process.this, target);
                return ProcessCodec.encode(Process.this);
            } catch (SerializationException e) {
                throw new SerializationException("cannot start " + name + ": " + e.getMessage(), e.offendingClass(), e);
            }
        }

        @Override
        public int runHere() {
            ProcessRegistry.enterThread(Process.this, creator);
            return bootstrap();
        }
    }

    /** Runs the process in the current thread as the child does; returns the exit code. */
    final int bootstrap() {
        try {
            run();
            return 0;
        } catch (Throwable t) {
            var trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            System.err.print("Process " + name + ":" + System.lineSeparator() + trace);
            System.err.flush();
            return 1;
        }
    }

    /** Waits until the process ends. */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} for the process to end (null: no limit; negative: zero).
     *
     * @return whether the process has ended
     * @throws IllegalStateException if the process was not started, is closed, or is the current process
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public boolean join(Duration timeout) {
        if (standIn != null) {
            return standIn.join(timeout);
        }
        Popen p;
        synchronized (guard()) {
            checkNotClosed("join");
            if (this == ProcessRegistry.current()) {
                throw new IllegalStateException("a process cannot join itself: " + name);
            }
            if (state == State.INITIAL || popen == null) {
                throw new IllegalStateException("can only join a started process: " + name + " is " + state);
            }
            p = popen;
        }
        boolean ended;
        try {
            ended = p.await(timeout);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("joining " + name, e);
        }
        if (ended) {
            markExited();
        }
        return ended;
    }

    /** Whether the process has started and not yet ended. */
    public boolean isAlive() {
        if (standIn != null) {
            return standIn.isAlive();
        }
        checkNotClosed("isAlive");
        if (this == ProcessRegistry.jvmCurrent()) {
            return true;
        }
        Popen p = popen;
        return p != null && p.exitCode() == null;
    }

    /**
     * The exit code: null before the process ends; 0, 1, {@code n} or {@code -N} after (see the
     * class comment).
     */
    public Integer exitCode() {
        if (standIn != null) {
            return null;
        }
        checkNotClosed("exitCode");
        Popen p = popen;
        Integer code = p == null ? null : p.exitCode();
        if (code != null) {
            markExited();
        }
        return code;
    }

    /**
     * Completes with this process when it has ended (like {@link java.lang.Process#onExit()}),
     * for code that reacts to a child's end instead of waiting for it.
     *
     * @throws IllegalStateException if the process has not started or is closed
     */
    public CompletableFuture<Process> onExit() {
        return sentinel().future().handle((code, error) -> this);
    }

    /** Asks the process to end: SIGTERM, exit code -15. No effect once it has ended. */
    public void terminate() {
        refuseIfStandIn("terminate");
        started("terminate").terminate();
    }

    /** Ends the process at once: SIGKILL, exit code -9. No effect once it has ended. */
    public void kill() {
        refuseIfStandIn("kill");
        started("kill").kill();
    }

    /**
     * Releases the resources of an ended process. Idempotent.
     *
     * @throws IllegalStateException if the process is still running
     */
    public void close() {
        if (standIn != null) {
            return; // nothing held
        }
        synchronized (guard()) {
            if (state == State.CLOSED) {
                return;
            }
            Popen p = popen;
            if (p != null) {
                if (p.exitCode() == null) {
                    throw new IllegalStateException("cannot close a process while it is still running; join() or terminate() it first: "
                            + name + " is " + state);
                }
                p.close();
            }
            state = State.CLOSED;
        }
        ProcessRegistry.current().children().remove(this);
    }

    /** The operating-system pid, or -1 before the process starts. */
    public long pid() {
        checkNotClosed("get the pid of");
        if (standIn != null) {
            return standIn.pid();
        }
        if (this == ProcessRegistry.jvmCurrent()) {
            return ProcessHandle.current().pid();
        }
        Popen p = popen;
        return p == null ? -1 : p.pid();
    }

    /** A copy of the authentication key, inherited from the process that created this one. */
    public byte[] authkey() {
        checkNotClosed("get the authkey of");
        return authkeyRef().clone();
    }

    /** Sets the authentication key (before start); it must not be empty. */
    public void setAuthkey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty: length=0");
        }
        synchronized (guard()) {
            checkState("set the authkey of", State.INITIAL, "process has already started");
            authkey = key.clone();
        }
    }

    /**
     * Becomes ready when the process ends; for {@link Multiprocessing#wait}.
     *
     * @throws IllegalStateException if the process has not started or is closed
     */
    public Sentinel sentinel() {
        checkNotClosed("sentinel");
        Sentinel s = sentinel;
        if (s == null) {
            throw new IllegalStateException("process not started: " + name);
        }
        return s;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        Objects.requireNonNull(name, "name");
        checkNotClosed("rename");
        this.name = name;
    }

    public boolean isDaemon() {
        return daemon;
    }

    /**
     * Marks the process daemonic or not, before it starts.
     *
     * @throws IllegalStateException if it has started
     */
    public void setDaemon(boolean daemon) {
        synchronized (guard()) {
            checkState("set daemon on", State.INITIAL, "process has already started");
            this.daemon = daemon;
        }
    }

    /**
     * Extra JVM options for the child ({@code "spawn"}), e.g. {@code -Xmx256m}; set before start.
     * Under {@code "warm"} a process with JVM options of its own is spawned afresh, since a
     * spare was started without them.
     */
    public void setJvmArgs(List<String> jvmArgs) {
        var copy = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
        synchronized (guard()) {
            checkState("set jvmArgs on", State.INITIAL, "process has already started");
            this.jvmArgs = copy;
        }
    }

    /**
     * Environment variables added to the child's ({@code "spawn"}); set before start. Under
     * {@code "warm"} a process with environment variables of its own is spawned afresh.
     */
    public void setEnv(Map<String, String> env) {
        var copy = Map.copyOf(Objects.requireNonNull(env, "env"));
        synchronized (guard()) {
            checkState("set env on", State.INITIAL, "process has already started");
            this.env = copy;
        }
    }

    @Override
    public String toString() {
        if (standIn != null) {
            return standIn.describe(name);
        }
        var b = new StringBuilder("<").append(getClass().getSimpleName()).append(" name='").append(name).append('\'');
        State s = state;
        Popen p = popen;
        if (s == State.CLOSED) {
            b.append(" closed");
        } else if (p != null) {
            Integer code = p.exitCode();
            b.append(" pid=").append(p.pid());
            b.append(code == null ? " started" : " stopped exitcode=" + code);
        } else if (this == ProcessRegistry.jvmCurrent()) {
            b.append(" pid=").append(ProcessHandle.current().pid()).append(" started");
        } else {
            b.append(" initial");
        }
        if (daemon) {
            b.append(" daemon");
        }
        return b.append('>').toString();
    }

    // ---- used by Multiprocessing and the access object ----

    State state() {
        return state;
    }

    void bindStartMethod(StartMethod method) {
        this.startMethod = method;
    }

    byte[] authkeyRef() {
        byte[] k = authkey;
        return k != null ? k : ProcessRegistry.current().authkeyRef();
    }

    Set<Process> children() {
        Set<Process> c = children;
        if (c == null) {
            synchronized (guard()) {
                if (children == null) {
                    children = ConcurrentHashMap.newKeySet();
                }
                c = children;
            }
        }
        return c;
    }

    private int nextChildNumber() {
        synchronized (guard()) {
            if (childCounter == null) {
                childCounter = new AtomicInteger();
            }
            return childCounter.incrementAndGet();
        }
    }

    private Object guard() {
        Object g = guard;
        if (g == null) {
            synchronized (Process.class) {
                if (guard == null) {
                    guard = new Object();
                }
                g = guard;
            }
        }
        return g;
    }

    private void markExited() {
        synchronized (guard()) {
            if (state == State.STARTED) {
                state = State.EXITED;
            }
        }
    }

    private Popen started(String operation) {
        checkNotClosed(operation);
        Popen p = popen;
        if (p == null) {
            throw new IllegalStateException("can only " + operation + " a started process: " + name + " is " + state);
        }
        return p;
    }

    private void refuseIfStandIn(String operation) {
        if (standIn != null) {
            throw new IllegalStateException("cannot " + operation + " " + name + ": " + standIn.whyNotControllable());
        }
    }

    private void checkNotClosed(String operation) {
        if (state == State.CLOSED) {
            throw new IllegalStateException("process object is closed: cannot " + operation + " " + name);
        }
    }

    private void checkState(String operation, State required, String reason) {
        checkNotClosed(operation);
        if (state != required) {
            throw new IllegalStateException(reason + ": " + name + " is " + state);
        }
    }

    /** Sets up a rebuilt object as the current process of a child JVM. */
    private void becomeChild(byte[] key) {
        guard = new Object();
        authkey = key.clone();
        jvmArgs = List.of();
        env = Map.of();
        state = State.STARTED;
    }

    /** Options for a new process; {@link #build()} returns it unstarted. */
    public static final class Builder {
        private SerializableRunnable target;
        private String name;
        private Boolean daemon;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private StartMethod startMethod;

        private Builder() {}

        private Builder(StartMethod method) {
            this.startMethod = method;
        }

        public Builder target(SerializableRunnable target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** Adds JVM options for the child, e.g. {@code "-Xmx256m"}. */
        public Builder jvmArgs(String... args) {
            for (String a : args) {
                jvmArgs.add(Objects.requireNonNull(a, "jvmArgs element"));
            }
            return this;
        }

        /** Adds JVM options for the child. */
        public Builder jvmArgs(List<String> args) {
            return jvmArgs(Objects.requireNonNull(args, "jvmArgs").toArray(String[]::new));
        }

        /** Adds an environment variable for the child. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "env key"), Objects.requireNonNull(value, "env value"));
            return this;
        }

        /** Adds environment variables for the child. */
        public Builder env(Map<String, String> vars) {
            Objects.requireNonNull(vars, "env").forEach(this::env);
            return this;
        }

        /**
         * The start method, {@code "spawn"}, {@code "warm"} or {@code "thread"}; default: the
         * current default.
         *
         * @throws IllegalArgumentException if {@code method} is not one of those
         */
        public Builder startMethod(String method) {
            this.startMethod = LocalStartMethod.named(method);
            return this;
        }

        /**
         * @throws IllegalStateException if no target was given
         */
        public Process build() {
            if (target == null) {
                throw new IllegalStateException("target must be set: Process.builder().target(..) was not called");
            }
            return new Process(target, name, daemon, jvmArgs, env, startMethod);
        }
    }
}
