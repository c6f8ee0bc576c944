package org.multiprocessing4j.internal.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * The few operating-system calls the JDK does not offer, through FFM downcalls. Every method
 * degrades to "not supported" (returning false or -1) on platforms without the call, so callers
 * keep a portable path.
 */
public final class Posix {

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int PR_SET_PDEATHSIG = 1;

    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    private static final MethodHandle PRCTL;
    private static final MethodHandle GETPPID;

    static {
        MethodHandle prctl = null;
        MethodHandle getppid = null;
        if (LINUX) {
            try {
                var linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                // int prctl(int option, ...): variadic after the first argument.
                prctl = libc.find("prctl").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                        Linker.Option.firstVariadicArg(1))).orElse(null);
                getppid = libc.find("getppid").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                prctl = null;
                getppid = null;
            }
        }
        PRCTL = prctl;
        GETPPID = getppid;
    }

    private Posix() {}

    public static boolean isLinux() {
        return LINUX;
    }

    /**
     * Asks the kernel to send {@code signal} to this process when its parent dies
     * ({@code prctl(PR_SET_PDEATHSIG)}). Note the kernel's notion of parent: the <em>thread</em>
     * that created this process, which is why parents launch children from one long-lived thread.
     *
     * @return whether the request was accepted
     */
    public static boolean setParentDeathSignal(int signal) {
        if (PRCTL == null) {
            return false;
        }
        try {
            return (int) PRCTL.invokeExact(PR_SET_PDEATHSIG, (long) signal) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The pid of this process's parent as the kernel sees it now, or -1 when unknown. */
    public static long parentPid() {
        if (GETPPID != null) {
            try {
                return (int) GETPPID.invokeExact();
            } catch (Throwable e) {
                // fall through to the portable answer
            }
        }
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
