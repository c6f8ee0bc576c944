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
    private static final MethodHandle GETEUID;
    private static final MethodHandle OPEN;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle CLOSE;
    private static final int O_RDWR = 2;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;

    static {
        MethodHandle prctl = null;
        MethodHandle getppid = null;
        MethodHandle geteuid = null;
        MethodHandle open = null;
        MethodHandle fallocate = null;
        MethodHandle close = null;
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
                geteuid = libc.find("geteuid").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT))).orElse(null);
                // int open(const char *path, int flags, ...): the mode is variadic.
                open = libc.find("open").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                        Linker.Option.firstVariadicArg(2))).orElse(null);
                fallocate = libc.find("posix_fallocate").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)))
                        .orElse(null);
                close = libc.find("close").map(addr -> linker.downcallHandle(addr,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                prctl = null;
                getppid = null;
                geteuid = null;
                open = null;
                fallocate = null;
                close = null;
            }
        }
        PRCTL = prctl;
        GETPPID = getppid;
        GETEUID = geteuid;
        OPEN = open;
        FALLOCATE = fallocate;
        CLOSE = close;
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

    /**
     * This process's effective user id, or -1 when unknown: from {@code geteuid()}, else the
     * owner of {@code /proc/self} (the kernel gives it the process's effective uid).
     */
    public static int effectiveUid() {
        if (GETEUID != null) {
            try {
                return (int) GETEUID.invokeExact();
            } catch (Throwable e) {
                // fall through to /proc
            }
        }
        try {
            return (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Allocates the blocks of {@code file}'s first {@code length} bytes now
     * ({@code posix_fallocate}), so that a full file system (a full {@code /dev/shm}) fails
     * here instead of as {@code SIGBUS} when a mapping of the file is first written.
     *
     * @return 0 on success, the error number ({@code ENOSPC} = 28 when full), or -1 when the call
     *         is not available (the caller then reserves the space by writing zeros)
     */
    public static int reserve(java.nio.file.Path file, long length) {
        return reserve(file, 0, length);
    }

    /** As {@link #reserve(java.nio.file.Path, long)}, for the {@code length} bytes from {@code offset}. */
    public static int reserve(java.nio.file.Path file, long offset, long length) {
        if (OPEN == null || FALLOCATE == null || CLOSE == null) {
            return -1;
        }
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0) {
                return -1;
            }
            try {
                return (int) FALLOCATE.invokeExact(fd, offset, length);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable e) {
            return -1;
        }
    }

    /** The error number {@code posix_fallocate} returns when the file system is full. */
    public static final int ENOSPC = 28;
}
