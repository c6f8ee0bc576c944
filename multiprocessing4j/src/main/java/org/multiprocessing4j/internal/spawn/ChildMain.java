package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.os.OwnerOnly;
import org.multiprocessing4j.internal.os.Posix;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;

/**
 * The main class of every child JVM: the child's side of {@link ControlProtocol}, then the
 * process itself. Not meant to be started by hand: without a bootstrap on stdin it exits with
 * status 2 and says why.
 */
public final class ChildMain {

    /** Exit status when the child could not even reach its parent. */
    static final int BOOTSTRAP_FAILED = 2;

    /** How often the parent watch looks whether the parent process is still there. */
    private static final long PARENT_POLL_MILLIS = 50;

    private static volatile FrameChannel link;
    private static volatile boolean exiting;

    private ChildMain() {}

    public static void main(String[] args) {
        // Proceed in five steps: the bootstrap and the process from stdin (a warm spare waits
        // here until its process is started), guard against parent death, open the reports
        // file, decode and run the process, report and exit.
        Bootstrap b;
        try {
            b = Bootstrap.readFrom(System.in);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException && Bootstrap.isMissing((IOException) e) && startedThroughAPipe()) {
                // The parent started us and went away (it was exiting) before it wrote the
                // bootstrap: nobody waits for this child, so leave without a word.
                Runtime.getRuntime().halt(BOOTSTRAP_FAILED);
            }
            fail("multiprocessing4j child: " + e.getMessage());
            return;
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (b.objectStreams()) {
            // The first object stream of a JVM initialises the JDK's serialisation filter
            // configuration, which asks for a logger; a JVM's first logger searches every jar of
            // the class path for a LoggerFinder (tens of ms of CPU with a few dozen jars). Done
            // here on another thread, it overlaps the runtime's set-up that follows.
            Thread.ofPlatform().daemon().name("mp4j-object-streams").start(ObjectInputFilter.Config::getSerialFilter);
        }
        if (Posix.isLinux() && !b.deathSignalArmed()) {
            armParentDeathSignal(b.parentPid());
        }

        runSpawned(b);
    }

    /**
     * The child's process: its payload came on stdin after the bootstrap, and its reports go to the
     * file the bootstrap names, which the parent reads once this JVM has exited. No socket is
     * opened: the JDK's first Unix-domain socket sets up the JCA for a SecureRandom
     * ({@code sun.nio.ch.UnixDomainSockets}), 14-25 ms of a child's start.
     */
    private static void runSpawned(Bootstrap b) {
        try {
            link = new FrameChannel(FileChannel.open(b.reports(), java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND), OwnerOnly.fileAttribute()));
        } catch (IOException | RuntimeException e) {
            if (parentHasGone(b)) {
                Runtime.getRuntime().halt(BOOTSTRAP_FAILED); // the parent exited and took the session with it
            }
            fail("Process " + b.processName() + ": cannot open its reports file " + b.reports() + ": " + e);
            return;
        }
        reportExit();
        long parentPid = b.parentPid();
        Thread.ofPlatform().daemon().name("mp4j-parent-watch").start(() -> watchParentProcess(parentPid));
        runAndExit(b, b.payload());
    }

    /** Step 4 of {@link ControlProtocol} on: decodes and runs the process, reports, and exits. */
    private static void runAndExit(Bootstrap b, byte[] payload) {
        Serializers.use(b.serializer(), false);
        Session.adopt(b.session());
        var runner = ChildRunner.Holder.get();
        int code;
        try {
            Object process = runner.decode(payload);
            code = runner.runChild(process, new ChildRunner.ChildInfo(b.parentName(), b.parentPid(), b.authkey(), b.startMethod()));
        } catch (RuntimeException e) {
            System.err.println("Process " + b.processName() + ": cannot decode the process in the child: " + e.getMessage());
            code = 1;
        }
        joinNonDaemonThreads();
        report(ControlProtocol.RESULT, ControlProtocol.intBytes(code));
        runner.exitCleanup();
        System.out.flush();
        System.err.flush();
        if (code == 0 && nonDaemonThread() == null) {
            // The JVM ends as after any main: the same shutdown hooks, status 0. System.exit
            // would first look up the "java.lang.Runtime" logger to log the call, and the
            // first logger of a JVM searches every jar of the class path for a LoggerFinder
            // (tens of ms of CPU in a child that started from the AOT cache and had opened no
            // jar until then). A library's service thread still alive needs System.exit.
            return;
        }
        System.exit(code);
    }

    /**
     * Waits for the non-daemon threads the process left running when {@code run()} returned, as
     * CPython's child joins them ({@code threading._shutdown}) and as a JVM does after its
     * {@code main}; daemon threads and a library's declared service threads
     * ({@link SpawnRuntime#addServiceThreads}) do not delay the exit. Threads started meanwhile are waited
     * for too. An interrupt ends the wait (the exit goes on).
     */
    private static void joinNonDaemonThreads() {
        while (true) {
            Thread next = nonDaemonThread(t -> !SpawnRuntime.isServiceThread(t));
            if (next == null) {
                return;
            }
            try {
                next.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A live non-daemon thread other than this one, or null. */
    private static Thread nonDaemonThread() {
        return nonDaemonThread(t -> true);
    }

    /** A live non-daemon thread other than this one that {@code which} accepts, or null. */
    private static Thread nonDaemonThread(Predicate<Thread> which) {
        Thread me = Thread.currentThread();
        ThreadGroup root = me.getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != me && !t.isDaemon() && t.isAlive() && which.test(t)) {
                return t;
            }
        }
        return null;
    }

    /** Step 5 of {@link ControlProtocol}: signals and the JVM's exit are reported on the link. */
    private static void reportExit() {
        Signals.reportTo(signal -> report(ControlProtocol.SIGNAL, ControlProtocol.intBytes(signal)));
        // First exit task: from now on the end of the channel is ours, not the parent's. The
        // runtime's own CHILDREN task then terminates or joins this process's children.
        SpawnRuntime.onExit(SpawnRuntime.Phase.CHILDREN, () -> {
            exiting = true;
            report(ControlProtocol.EXITING, new byte[0]);
        });
    }

    /**
     * The child's watch of its parent, to which it has no channel: the parent has gone when
     * this JVM's parent process is no longer {@code parentPid} (the orphan was adopted by
     * another); the child then halts (no orphans). It polls and sleeps instead of blocking: at
     * exit HotSpot waits up to 300 ms for threads blocked in native code, and a sleeping thread
     * costs nothing there. On Linux {@code PR_SET_PDEATHSIG} reacts at once anyway; the poll is
     * the portable second line.
     */
    private static void watchParentProcess(long parentPid) {
        try {
            while (!exiting) {
                var parent = ProcessHandle.current().parent();
                if (parent.isEmpty() || parent.get().pid() != parentPid) {
                    break;
                }
                Thread.sleep(PARENT_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            return; // nobody interrupts this thread; the JVM is ending
        }
        if (!exiting) {
            Runtime.getRuntime().halt(128 + Posix.SIGKILL);
        }
    }

    /** The name of the thread that arms the parent-death signal and holds it. */
    static final String DEATH_SIGNAL_THREAD = "mp4j-parent-death";

    /**
     * Asks the kernel to kill this JVM when its parent dies, on a thread of its own: the native
     * call is this JVM's first, and linking it costs ~0.2 s of CPU, which start-up need not wait
     * for. The kernel keeps the setting per thread (the signal goes to the whole process, but
     * only while a thread that set it lives), so the thread then parks for the life of the JVM.
     * Until it is armed, a parent that dies is still seen: its stdin ends before the bootstrap,
     * or the watch sees the parent process disappear (see {@link #watchParentProcess}).
     */
    private static void armParentDeathSignal(long parentPid) {
        Thread.ofPlatform().daemon().name(DEATH_SIGNAL_THREAD).start(() -> {
            Posix.setParentDeathSignal(Posix.SIGKILL);
            if (Posix.parentPid() != parentPid) {
                Runtime.getRuntime().halt(128 + Posix.SIGKILL); // the parent died before we armed the signal
            }
            while (true) {
                java.util.concurrent.locks.LockSupport.park();
            }
        });
    }

    private static void report(byte type, byte[] payload) {
        FrameChannel ch = link;
        if (ch != null) {
            try {
                ch.write(type, payload);
            } catch (IOException e) {
                // the parent is gone; nothing to tell
            }
        }
    }

    /**
     * Whether the parent has ended: its process is gone. A child it launched just before it
     * exited, e.g. a pool's replacement worker, then leaves without a word, as there is nobody
     * to tell.
     */
    private static boolean parentHasGone(Bootstrap b) {
        return ProcessHandle.of(b.parentPid()).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * Whether stdin is a pipe, as the launcher makes it (someone running this class by hand gives
     * it a terminal, a file or /dev/null, and gets the message instead). Linux only.
     */
    private static boolean startedThroughAPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString().startsWith("pipe:");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void fail(String message) {
        PrintStream err = System.err;
        err.println(message);
        err.flush();
        System.exit(BOOTSTRAP_FAILED);
    }
}
