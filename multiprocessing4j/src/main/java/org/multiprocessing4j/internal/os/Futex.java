package org.multiprocessing4j.internal.os;

import org.multiprocessing4j.internal.config.Configuration;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping on a 32-bit word of shared memory until another process changes it: Linux
 * {@code futex(2)} through one FFM {@code syscall} downcall, or a portable spin + park backoff.
 *
 * <p>Contract of both strategies: {@link #await} returns when the word may no longer hold
 * {@code expected}, when up to {@code maxNanos} have passed, or spuriously; callers always
 * re-check their condition in a loop. {@link #wake} wakes up to {@code n} sleepers on the word.
 * Waits are bounded by the caller (≤ 50 ms slices in {@code internal.sync}) because a native
 * wait is not broken by {@link Thread#interrupt()}.
 *
 * <p>Never {@code FUTEX_PRIVATE_FLAG}: the private futex hash is keyed by the address space,
 * so a private wake silently misses sleepers in other processes.
 *
 * <p>The strategy is chosen once per JVM: the futex on Linux when the call works, the fallback
 * elsewhere, or everywhere when the system property
 * {@value Configuration#WAIT_PROP_NAME} is {@code "spin"}. Every process of a tree must use the same strategy: a parked fallback waiter
 * re-checks on its own schedule, so mixing is still correct, only slower.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    private static final long SYS_FUTEX = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64", "arm64", "riscv64" -> 98;
        default -> -1;
    };

    private static final MethodHandle SYSCALL_WAIT;
    private static final MethodHandle SYSCALL_WAKE;
    private static final boolean NATIVE;
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    static {
        MethodHandle waitHandle = null;
        MethodHandle wakeHandle = null;
        boolean wanted = !Configuration.spinWait() && Posix.isLinux() && SYS_FUTEX > 0;
        if (wanted) {
            try {
                var linker = Linker.nativeLinker();
                var address = linker.defaultLookup().find("syscall").orElseThrow();
                // long syscall(long number, ...): every argument after the number is variadic.
                var descriptor = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
                waitHandle = linker.downcallHandle(address, descriptor, Linker.Option.firstVariadicArg(1));
                // A wake never blocks: skip the thread-state transition.
                wakeHandle = linker.downcallHandle(address, descriptor, Linker.Option.firstVariadicArg(1),
                        Linker.Option.critical(false));
                // Probe: a wake on a private word must return 0 (nobody woken), not -1.
                try (var arena = Arena.ofConfined()) {
                    var word = arena.allocate(4, 4);
                    if ((long) wakeHandle.invokeExact(SYS_FUTEX, word.address(), (long) FUTEX_WAKE, 1L, 0L) != 0) {
                        waitHandle = null;
                    }
                }
            } catch (Throwable e) {
                waitHandle = null;
            }
        }
        NATIVE = waitHandle != null;
        SYSCALL_WAIT = NATIVE ? waitHandle : null;
        SYSCALL_WAKE = NATIVE ? wakeHandle : null;
    }

    private Futex() {}

    /** Whether waits use the kernel futex ({@code false}: spin + park fallback). */
    public static boolean isNative() {
        return NATIVE;
    }

    /**
     * Sleeps while the int at {@code address} equals {@code expected}, for at most
     * {@code maxNanos}. May return early or spuriously; EINTR, EAGAIN and ETIMEDOUT all simply
     * return, the caller re-checks.
     *
     * @param address the absolute address of a 4-byte aligned int in shared memory
     * @param spinRound how many times the caller has already waited in this acquisition; the
     *                  fallback backs off with it
     */
    public static void await(long address, int expected, long maxNanos, int spinRound) {
        if (maxNanos <= 0) {
            return;
        }
        if (!NATIVE) {
            LockSupport.parkNanos(Math.min(maxNanos, 1_000L << Math.min(spinRound, 10)));
            return;
        }
        var ts = TIMESPEC.get();
        ts.set(ValueLayout.JAVA_LONG, 0, maxNanos / 1_000_000_000L);
        ts.set(ValueLayout.JAVA_LONG, 8, maxNanos % 1_000_000_000L);
        try {
            long ignored = (long) SYSCALL_WAIT.invokeExact(SYS_FUTEX, address, (long) FUTEX_WAIT,
                    (long) expected, ts.address());
        } catch (Throwable e) {
            throw new IllegalStateException("futex wait failed", e);
        }
    }

    /**
     * Another system call, through the futex's own downcall: its stub is linked already, while a
     * native signature of its own would cost a young JVM a link of its own on first use
     * (measured: a fresh child's first 1 MiB queue put took 26-48 ms with one for
     * {@code madvise}, 4-22 ms before). Three arguments; the call may block.
     *
     * @return the call's result (-1 on failure), or -1 when waits do not use the futex
     */
    static long syscall(long number, long a, long b, long c) {
        if (!NATIVE || number < 0) {
            return -1;
        }
        try {
            return (long) SYSCALL_WAIT.invokeExact(number, a, b, c, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Wakes up to {@code n} processes or threads sleeping on the int at {@code address}. */
    public static void wake(long address, int n) {
        if (!NATIVE) {
            return; // fallback waiters poll
        }
        try {
            long ignored = (long) SYSCALL_WAKE.invokeExact(SYS_FUTEX, address, (long) FUTEX_WAKE, (long) n, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("futex wake failed", e);
        }
    }
}
