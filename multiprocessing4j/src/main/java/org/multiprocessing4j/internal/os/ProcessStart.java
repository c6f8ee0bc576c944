package org.multiprocessing4j.internal.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's start, as a number that stays the same for its whole life in every process that
 * reads it: with its pid, it tells a process that runs from one that died and whose pid was
 * given to another (a session directory's owner, a pipe end's holder).
 *
 * <p>Not {@code ProcessHandle.Info.startInstant()}: on Linux the JDK computes it as the boot time
 * that {@code /proc/stat} gives (whole seconds, read once per JVM) plus the process's start in
 * clock ticks since boot, and the kernel derives that boot time from the wall clock, so it moves
 * when the clock is stepped or slewed across a second (NTP, a VM resumed; on the 2-core VM the
 * wall clock minus the uptime went from x.66 to x.98 s within 75 minutes on 2026-12-07/08). A JVM
 * started after such a move computes another start instant for a process that still runs, which
 * then looks like a dead one whose pid was reused: most likely how a sweep of stale sessions
 * removed a live program's session directory in the redis module's test run at 00:23 UTC on
 * 2026-12-08 (nothing else removes a live root's directory). On Linux the value here is the start
 * in clock ticks since boot, field 22 of {@code /proc/<pid>/stat}, which no clock moves;
 * elsewhere, the start instant in milliseconds.
 */
public final class ProcessStart {

    private static final boolean PROC = Files.isReadable(Path.of("/proc/self/stat"));

    /** This process's start. */
    public static final long CURRENT = of(ProcessHandle.current().pid());

    private ProcessStart() {}

    /** Whether {@link #of} counts clock ticks since boot (Linux's {@code /proc}), not milliseconds. */
    public static boolean inTicks() {
        return PROC;
    }

    /** The start of process {@code pid}, or 0 if it does not run (has ended, even if not yet reaped; or cannot be read). */
    public static long of(long pid) {
        if (PROC) {
            return ticks(pid);
        }
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant())
                .map(java.time.Instant::toEpochMilli)
                .orElse(0L);
    }

    /** Field 22 of {@code /proc/<pid>/stat}, counted after the command's closing parenthesis (it may hold spaces). */
    private static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return 0; // gone, or hidden from us
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        // after ") ": field 3 (state) is the first; field 22 (starttime) the twentieth
        String[] fields = stat.substring(close + 2).split(" ", 21);
        if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
            return 0; // a zombie has ended: only its exit status waits for its parent
        }
        try {
            return Long.parseLong(fields[19]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
