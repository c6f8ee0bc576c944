package org.multiprocessing4j.internal.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
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

    private static final int O_RDWR = 2;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;

    /*
     * Each group of downcalls is linked on first use, in a holder class of its own: the first
     * FFM link of a JVM costs ~100 ms of CPU (the linker spins its classes), which a child JVM
     * would otherwise pay on its start-up path for calls it may never make.
     */
    private static final class ParentCalls {
        // int prctl(int option, ...): variadic after the first argument.
        static final MethodHandle PRCTL = link("prctl",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        static final MethodHandle GETPPID = link("getppid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private static final class IdCalls {
        static final MethodHandle GETEUID = link("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private static final class FileCalls {
        // int open(const char *path, int flags, ...): the mode is variadic.
        static final MethodHandle OPEN = link("open",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle FALLOCATE = link("posix_fallocate",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    /** The downcall handle of libc's {@code name}, or null off Linux or when it cannot be linked. */
    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (!LINUX) {
            return null;
        }
        try {
            var linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(addr -> linker.downcallHandle(addr, descriptor, options)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
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
        MethodHandle prctl = ParentCalls.PRCTL;
        if (prctl == null) {
            return false;
        }
        try {
            return (int) prctl.invokeExact(PR_SET_PDEATHSIG, (long) signal) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The pid of this process's parent as the kernel sees it now, or -1 when unknown. */
    public static long parentPid() {
        MethodHandle getppid = ParentCalls.GETPPID;
        if (getppid != null) {
            try {
                return (int) getppid.invokeExact();
            } catch (Throwable e) {
                // fall through to the portable answer
            }
        }
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    /**
     * This process's effective user id, or -1 when unknown: the second {@code Uid:} field of
     * {@code /proc/self/status} on Linux (no native call, so a JVM does not pay the FFM linker,
     * 0.1-0.2 s of CPU, for it), else {@code geteuid()}. Read once: nothing in a JVM changes it.
     */
    public static int effectiveUid() {
        return Euid.VALUE;
    }

    private static final class Euid {
        static final int VALUE = read();

        private static int read() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        String[] ids = line.substring(4).trim().split("\\s+"); // real effective saved fs
                        return Integer.parseInt(ids[1]);
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or no /proc: ask the C library
            }
            MethodHandle geteuid = IdCalls.GETEUID;
            if (geteuid != null) {
                try {
                    return (int) geteuid.invokeExact();
                } catch (Throwable e) {
                    // unknown
                }
            }
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
        MethodHandle open = FileCalls.OPEN;
        MethodHandle fallocate = FileCalls.FALLOCATE;
        MethodHandle close = FileCalls.CLOSE;
        if (open == null || fallocate == null || close == null) {
            return -1;
        }
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            int fd = (int) open.invokeExact(arena.allocateFrom(file.toString()), O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0) {
                return -1;
            }
            try {
                return (int) fallocate.invokeExact(fd, offset, length);
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (Throwable e) {
            return -1;
        }
    }

    private static final long SYS_MADVISE = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 28;
        case "aarch64", "arm64", "riscv64" -> 233;
        default -> -1;
    };
    private static final int MADV_POPULATE_READ = 22;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final long PAGE = 4096;

    /**
     * Maps the pages of {@code region} (part of a file mapping) into this process now, for
     * reading or for writing ({@code madvise(MADV_POPULATE_READ / _WRITE)}, Linux 5.14 and
     * later; for writing, a page of a sparse file is allocated as a write would allocate it).
     * One call costs far less than the page faults it spares: measured on the 2-vCPU VM (a
     * paravirtualised guest), a page fault on a mapping of {@code /dev/shm} took 15-30 µs, a
     * populated page 0.3-0.8 µs. Only an optimisation: on failure (a full file system, an old
     * kernel, waits configured to spin instead of using the futex, whose downcall this one
     * shares: {@link Futex#syscall}) nothing changes, and the pages fault in when they are
     * touched.
     *
     * @return whether the call succeeded (false: not available, or it failed)
     */
    public static boolean populate(MemorySegment region, boolean write) {
        if (!LINUX || !region.isNative() || region.byteSize() == 0) {
            return false;
        }
        long start = region.address() & -PAGE; // the mapping starts on a page: rounding down stays inside it
        long length = region.address() + region.byteSize() - start;
        return Futex.syscall(SYS_MADVISE, start, length, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ) == 0;
    }

    /** The error number {@code posix_fallocate} returns when the file system is full. */
    public static final int ENOSPC = 28;
}
