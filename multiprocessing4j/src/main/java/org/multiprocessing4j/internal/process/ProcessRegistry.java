package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.spawn.ChildRunner;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.multiprocessing4j.internal.wire.Handshake;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who "the current process" is, in this JVM and on each thread, and which child JVMs this JVM
 * must clean up when it exits.
 *
 * <p>In a root JVM the current process is a {@code MainProcess}; in a child JVM it is the
 * rebuilt {@link Process}. A process of the {@code "thread"} start method is current on its own
 * thread and on the threads that thread starts (an inheritable thread-local), so names, daemon
 * rules and {@link Multiprocessing#activeChildren()} work the same under both start methods.
 */
public final class ProcessRegistry {

    private static final InheritableThreadLocal<Process[]> THREAD_PROCESS = new InheritableThreadLocal<>();
    private static final Set<Process> JVM_CHILDREN = ConcurrentHashMap.newKeySet();
    private static final Duration DAEMON_GRACE = Duration.ofSeconds(5);

    private static volatile Process jvmCurrent;
    private static volatile Process jvmParent;
    private static volatile StartMethod defaultStartMethod;
    static {
        SpawnRuntime.onExit(SpawnRuntime.Phase.CHILDREN, ProcessRegistry::exitCleanup);
        // A JVM that starts children has its registry before it launches any: the launch
        // (its AOT cache's training run) then finds the runner of child processes.
        ChildRunner.Holder.install(ProcessRunner.INSTANCE);
    }

    private ProcessRegistry() {}

    /** The current process of the calling thread. */
    public static Process current() {
        Process[] t = THREAD_PROCESS.get();
        return t != null ? t[0] : jvmCurrent();
    }

    /** The parent of the current process, or null in the root. */
    public static Process parent() {
        Process[] t = THREAD_PROCESS.get();
        return t != null ? t[1] : jvmParent;
    }

    /** The process this JVM is: {@code MainProcess} in a root, the rebuilt process in a child. */
    public static Process jvmCurrent() {
        Process p = jvmCurrent;
        if (p == null) {
            synchronized (ProcessRegistry.class) {
                if (jvmCurrent == null) {
                    jvmCurrent = Access.process().standIn(MainProcess.NAME, Handshake.newAuthkey(), new MainProcess());
                }
                p = jvmCurrent;
            }
        }
        return p;
    }

    /** In a child JVM, before {@code run()}: {@code self} is current, {@code parent} its parent. */
    static void enterChildJvm(Process self, Process parent, String inheritedStartMethod) {
        synchronized (ProcessRegistry.class) {
            jvmCurrent = self;
            jvmParent = parent;
            if (defaultStartMethod == null && inheritedStartMethod != null) {
                defaultStartMethod = LocalStartMethod.named(inheritedStartMethod);
            }
        }
    }

    /** On the thread of a {@code "thread"} process: {@code self} is current there. */
    public static void enterThread(Process self, Process parent) {
        THREAD_PROCESS.set(new Process[] {self, parent});
    }

    public static StartMethod defaultStartMethod() {
        StartMethod m = defaultStartMethod;
        return m != null ? m : LocalStartMethod.SPAWN;
    }

    public static synchronized void setDefaultStartMethod(StartMethod method, boolean force) {
        if (defaultStartMethod != null && !force && defaultStartMethod != method) {
            throw new IllegalStateException("the start method has already been set to '" + defaultStartMethod.name()
                    + "'; pass force=true to change it to '" + method.name() + "'");
        }
        defaultStartMethod = method;
    }

    /** A child JVM of this JVM: terminated or joined when this JVM exits (see SpawnRuntime). */
    public static void trackJvmChild(Process child) {
        JVM_CHILDREN.add(child);
        child.onExit().whenComplete((ended, error) -> JVM_CHILDREN.remove(child));
    }

    /**
     * What CPython's {@code _exit_function} does for children: terminate the daemonic ones,
     * then join everyone. A daemonic child that ignores SIGTERM for {@link #DAEMON_GRACE} is
     * killed, so an exiting parent cannot hang on it. A JVM that exits because it was sent a
     * termination signal ({@code terminate()}) ends all its children that way, the non-daemonic
     * ones too: they must not outlive it (DESIGN §2, no orphans), and waiting for them would
     * keep it from ending.
     */
    static void exitCleanup() {
        SpawnRuntime.runFinalizers(); // e.g. managers shut their servers down before they are joined
        SpawnRuntime.endingChildren();
        boolean endAll = SpawnRuntime.exitingBySignal();
        for (Process p : JVM_CHILDREN) {
            if (p.isDaemon() || endAll) {
                p.terminate();
            }
        }
        for (Process p : JVM_CHILDREN) {
            try {
                if ((p.isDaemon() || endAll) && !p.join(DAEMON_GRACE)) {
                    p.kill();
                }
                p.join();
            } catch (InterruptedWaitException e) {
                return;
            } catch (IllegalStateException e) {
                // closed meanwhile
            }
        }
    }
}
