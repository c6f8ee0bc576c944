package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.os.Backoff;
import org.multiprocessing4j.internal.os.Posix;
import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.internal.wire.FrameChannel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A child JVM started by the {@code "spawn"} start method, or a warm spare running a process
 * for the {@code "warm"} start method ({@link WarmSpares}): a spare is a JVM started earlier
 * with the same command, which waits for its bootstrap on stdin, and from then on it is watched
 * exactly like a spawned child.
 *
 * <p>Implementation overview. {@link #launch} starts the JVM and returns as soon as the JVM
 * process exists; {@link #launchOn} does the rest on a JVM already started. A watcher thread
 * per child writes step 0 of {@link ControlProtocol} (the bootstrap and the process on stdin),
 * waits for the OS process, reads the reports the child wrote to its file, and then publishes
 * the exit code. The watcher is a
 * daemon thread exactly when the child is daemonic (or {@link #startStoppedAtExit stopped at
 * exit} by its starter), so a parent whose main method returns stays up until its
 * non-daemonic children have ended, as in CPython.
 *
 * <p>Children are launched from one long-lived thread ({@link Launcher}): the kernel delivers
 * {@code PR_SET_PDEATHSIG} when the thread that created a child ends, not the process, so a
 * child launched from a short-lived thread would be killed with it.
 */
public final class SpawnPopen implements Popen {

    /** What the caller's side provides to launch one child. */
    public record Request(
            String name,
            boolean daemon,
            byte[] authkey,
            List<String> jvmArgs,
            Map<String, String> env,
            byte[] payload,
            String serializer,
            String parentName,
            String startMethod) {}

    private static final System.Logger LOG = LazyLogger.of(SpawnPopen.class);
    /** Reports are a few small frames; a larger one means the file is not what the child wrote. */
    private static final int REPORT_LIMIT = 64;
    /** Set while {@link #startStoppedAtExit} starts a process in this thread. */
    private static final ThreadLocal<Boolean> STOPPED_AT_EXIT = ThreadLocal.withInitial(() -> false);

    private final java.lang.Process os;
    private final Path reports;
    private final Bootstrap bootstrap; // written by the watcher
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile int reportedSignal;
    private volatile int signalled; // what terminate() or kill() sent, 0 if neither
    private volatile boolean reportedExit;
    private volatile Integer reportedResult; // the code of the RESULT report, if one came

    private SpawnPopen(java.lang.Process os, Path reports, Bootstrap bootstrap) {
        this.os = os;
        this.reports = reports;
        this.bootstrap = bootstrap;
    }

    /** Starts the child JVM for {@code r}'s process; does not wait for it to read its process. */
    public static SpawnPopen launch(Request r) {
        return launch(r, null, ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * {@link #launch(Request)} with the JVM started as {@code aot} says (null: as usual) and its
     * stdout and stderr sent to {@code output}; for the AOT cache's training run.
     */
    static SpawnPopen launch(Request r, AotCache.Launch aot, ProcessBuilder.Redirect output) {
        prepare();
        var cmd = aot == null ? JvmCommand.build(r.jvmArgs(), r.serializer())
                : JvmCommand.build(r.jvmArgs(), r.serializer(), aot);
        return launchOn(startJvm(r.name(), cmd, r.env(), output), r);
    }

    /**
     * Runs the process of {@code r} on {@code os}, a JVM started by {@link #startJvm} whose
     * bootstrap has not been written: one just started, or a warm spare started earlier with
     * the same command, which may still be booting.
     */
    static SpawnPopen launchOn(java.lang.Process os, Request r) {
        long childId = nextChildId();
        long parentPid = ProcessHandle.current().pid();
        Path session = Session.directoryForLaunch();
        // Named after the child first, so that whoever looks (a test for files left) can tell
        // the reports of a child still running from one nobody will read.
        Path reports = session.resolve(REPORTS_PREFIX + os.pid() + "-" + parentPid + "-" + childId);
        try {
            Files.deleteIfExists(reports); // left by a killed JVM whose child had this pid
        } catch (IOException e) {
            os.destroyForcibly();
            throw new MultiprocessingException("cannot launch a JVM for " + r.name() + ": cannot clear " + reports + ": " + e, e);
        }
        var bootstrap = new Bootstrap(r.authkey(), r.serializer(), parentPid, r.parentName(), r.name(),
                session, r.startMethod(), false, ChildRunner.Holder.get().needsObjectStream(r.payload()), reports,
                r.payload());
        return watched(new SpawnPopen(os, reports, bootstrap), r);
    }

    /** How the name of a spawned child's reports file starts: {@code rep-<child pid>-<parent pid>-<id>}. */
    public static final String REPORTS_PREFIX = "rep-";

    /**
     * What must be there before a child's command is built, once per JVM: the session (whose
     * owner, the root of a tree, is the one to plan the AOT cache), and in the background the
     * {@code setpriv} probe and the AOT cache's plan.
     */
    static void prepare() {
        Prepared.once();
    }

    private static final class Prepared {
        static {
            Session.directoryForLaunch();
            ParentDeathSignal.probeInBackground();
            JvmCommand.prepareInBackground(); // needs the session: the AOT cache is a root's
        }

        static void once() {
            // the class initialiser did the work
        }
    }

    /**
     * Runs {@code start}, which starts one non-daemonic process, so that this process does not
     * keep a JVM whose {@code main} has returned alive: its watcher (its thread, for the
     * {@code "thread"} start method) is a daemon thread. For a child that its starter stops
     * itself at exit ({@link SpawnRuntime.Phase#FINALIZERS}), as CPython stops a manager's
     * server; the child is still joined at exit like any non-daemonic child.
     */
    public static void startStoppedAtExit(Runnable start) {
        STOPPED_AT_EXIT.set(true);
        try {
            start.run();
        } finally {
            STOPPED_AT_EXIT.remove();
        }
    }

    /** Whether a process started now with {@code daemon} needs a daemon thread to watch it. */
    static boolean watchedByDaemon(boolean daemon) {
        return daemon || STOPPED_AT_EXIT.get();
    }

    /** A number no other child or control-server client of this JVM has; it tells reports files apart. */
    static long nextChildId() {
        return ControlServer.newId();
    }

    /**
     * Starts a child JVM from the launcher thread; {@link #writeBootstrap} then gives it its
     * bootstrap.
     *
     * @throws MultiprocessingException if the JVM cannot be started
     */
    static java.lang.Process startJvm(String name, List<String> command, Map<String, String> env,
                                      ProcessBuilder.Redirect output) {
        java.lang.Process os;
        try {
            // wrapped on the launcher thread, where the setpriv probe runs (or has run)
            os = Launcher.submit(() -> {
                var pb = new ProcessBuilder(ParentDeathSignal.wrap(command))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectOutput(output)
                        .redirectError(output);
                pb.environment().putAll(env);
                return pb.start();
            }).get();
        } catch (ExecutionException e) {
            throw new MultiprocessingException("cannot launch a JVM for " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while launching " + name, e);
        }
        return os;
    }

    /** Writes {@code bootstrap} to the stdin of the JVM {@link #startJvm} started, and closes it. */
    static void writeBootstrap(java.lang.Process os, Bootstrap bootstrap) {
        try (var stdin = os.getOutputStream()) {
            bootstrap.writeTo(stdin);
        } catch (IOException e) {
            // The JVM died at once (e.g. a bad jvmArg); its exit code tells the story.
        }
    }

    private static SpawnPopen watched(SpawnPopen popen, Request r) {
        Thread.ofPlatform().daemon(watchedByDaemon(r.daemon())).name("mp4j-watch-" + r.name()).start(popen::watch);
        return popen;
    }

    /** The watcher: writes the bootstrap, waits for the JVM's exit, reads the reports, publishes the exit code. */
    private void watch() {
        // The bootstrap here rather than in start(): a payload larger than the pipe's buffer
        // would hold start() until the child reads it, and a JVM suspended for a debugger, or a
        // spare still booting, does not read yet.
        writeBootstrap(os, bootstrap.withDeathSignalArmed(ParentDeathSignal.armedByLauncher()));
        int raw = waitForUninterruptibly();
        FrameChannel ch = openReports();
        if (ch != null) {
            readReports(ch);
        }
        try {
            Files.deleteIfExists(reports);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "removing " + reports, e); // the session's removal takes it
        }
        int code = ControlProtocol.exitCode(raw, reportedSignal, reportedExit, reportedResult);
        if (signalled != 0 && reportedResult == null && (ch == null || raw == 128 + signalled)) {
            // Our terminate() or kill() ended it before its process returned, as CPython reports
            // it: before it started (the JDK closes the child's stdin as it signals, and a JVM
            // that reads that end first leaves with 2), or before it had its own handler (a
            // JVM's default one exits with 128+N, and may still report EXITING on the way).
            code = -signalled;
        } else if (ch == null && code >= 0) {
            code = neverStarted(raw);
        }
        exit.complete(code);
    }

    /**
     * A spawned child's reports, or null if it never wrote any. Opening the file fails while
     * this JVM has no descriptor left: that is transient, so the watcher backs off (1 ms
     * doubling up to 1 s) and tries again until it succeeds, as the control socket's accept
     * loop does; the process's exit code waits meanwhile rather than being guessed.
     */
    private FrameChannel openReports() {
        var backoff = new Backoff();
        while (true) {
            try {
                var ch = new FrameChannel(FileChannel.open(reports, StandardOpenOption.READ));
                ch.setMaxFrameLength(REPORT_LIMIT);
                return ch;
            } catch (NoSuchFileException e) {
                return null; // the child never started its process; only its exit status remains
            } catch (IOException | RuntimeException e) {
                REPORT_FAILURES.incrementAndGet();
                long wait = backoff.fail();
                if (backoff.warn()) {
                    try {
                        LOG.log(System.Logger.Level.WARNING, "cannot read the reports of the child JVM " + os.pid() + " in "
                                + reports + "; retrying in " + wait + " ms: " + e);
                    } catch (RuntimeException | Error ignored) {
                        // the log call may fail for the same reason (no descriptor left)
                    }
                }
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return null; // only at exit: nobody else interrupts a watcher
                }
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong REPORT_FAILURES = new java.util.concurrent.atomic.AtomicLong();

    /** How many times opening a spawned child's reports failed and was retried (for tests and diagnostics). */
    public static long reportFailures() {
        return REPORT_FAILURES.get();
    }

    /**
     * A child JVM that ended before its process started (it never wrote a report; not killed
     * by a signal): its target never ran, which is a failure even when the JVM exited with 0
     * (an option such as {@code -version} in {@code jvmArgs} makes it exit at once). Says so,
     * and gives {@link ChildMain#BOOTSTRAP_FAILED} for a status of 0.
     */
    private int neverStarted(int raw) {
        try {
            LOG.log(System.Logger.Level.WARNING, "the child JVM " + os.pid() + " exited with status " + raw
                    + " before its process started"
                    + (raw == 0 ? " (an option in jvmArgs, such as -version, may have made the JVM exit at once)" : ""));
        } catch (RuntimeException | Error ignored) {
            // logging is best effort here (it may fail for the same lack of descriptors)
        }
        return raw == 0 ? ChildMain.BOOTSTRAP_FAILED : raw;
    }

    private void readReports(FrameChannel ch) {
        try (ch) {
            while (true) {
                var f = ch.read();
                switch (f.type()) {
                    case ControlProtocol.SIGNAL -> reportedSignal = ControlProtocol.readInt(f.payload());
                    case ControlProtocol.RESULT -> {
                        reportedResult = ControlProtocol.readInt(f.payload());
                        reportedExit = true;
                    }
                    case ControlProtocol.EXITING -> reportedExit = true;
                    default -> { /* unknown report types from a newer child are ignored */ }
                }
            }
        } catch (EOFException | ClosedChannelException e) {
            // the child has gone
        } catch (IOException | RuntimeException e) {
            // a broken link means the child is going; its exit status decides
        }
    }

    private int waitForUninterruptibly() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return os.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long pid() {
        return os.pid();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void terminate() {
        if (os.isAlive()) {
            signalled = Posix.SIGTERM;
            os.destroy();
        }
    }

    @Override
    public void kill() {
        if (os.isAlive()) {
            signalled = Posix.SIGKILL;
            os.destroyForcibly();
        }
    }

    @Override
    public void close() {
        // nothing held: the watcher reads and removes the reports once the child has exited
    }
}
