package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Cleans up after a process that dies in any way, {@code kill -9} included (DESIGN.md §3): it
 * unlinks the named segments listed in the process's ledger and, for the root of a tree,
 * removes the session directory, without waiting for another session to sweep it.
 *
 * <p>Protocol, in three steps:
 * <ol>
 *   <li>The process runs {@code /bin/sh}, which makes a FIFO {@code .watchdog-<pid>} in the
 *       session directory, starts a background subshell and exits at once; the subshell is
 *       re-parented away from the process, so it is not a child that dies or is waited for
 *       with it.</li>
 *   <li>The process opens the FIFO read-write (which never blocks) and keeps it open without
 *       ever writing; the subshell opens it for reading (which waits for that), says so by
 *       creating {@code .watchdog-<pid>.armed}, and blocks reading it. The process waits for that
 *       file (at most {@link #ARM_LIMIT}), so that it cannot die before the subshell holds the
 *       FIFO: a subshell that opened it only after the process's death would wait for a writer
 *       for good (seen at load 8: a child killed right after its first segment left it).</li>
 *   <li>However the process exits, the kernel closes its descriptor; with no writer left the
 *       read returns at end of stream and the subshell unlinks every path listed in the
 *       ledger {@code named-segments-<pid>} (see {@link NamedSegments}), then, for a root,
 *       unlinks what the ledgers of the other processes of the tree list (they die with it),
 *       removes the session directory (already gone after a normal exit) and its parent if
 *       empty.</li>
 * </ol>
 * No polling and no pid reuse: the JDK closes every other descriptor in the processes it starts,
 * so only the watched process holds the FIFO. If it dies before the subshell opened the FIFO,
 * the subshell waits for good and the next root's sweep removes the directory.
 */
public final class SessionWatchdog {

    private static final System.Logger LOG = LazyLogger.of(SessionWatchdog.class);

    /**
     * $0 = FIFO, $1 = ledger, $2 = session directory to remove, or empty. A root's watchdog
     * first unlinks what <em>every</em> ledger of the session lists: the children die with the
     * root, and their own watchdogs, which may fire after this one, would find their ledgers
     * already removed with the directory.
     */
    private static final String SCRIPT = "mkfifo -m 600 \"$0\" || exit 1; "
            + "( { : > \"$0.armed\"; read -r _; } < \"$0\"; "
            + "if [ -f \"$1\" ]; then while IFS= read -r n; do rm -f -- \"$n\"; done < \"$1\"; fi; "
            + "rm -f -- \"$0\" \"$0.armed\" \"$1\"; "
            + "if [ -n \"$2\" ]; then "
            + "for l in \"$2\"/named-segments-*; do "
            + "if [ -f \"$l\" ]; then while IFS= read -r n; do rm -f -- \"$n\"; done < \"$l\"; fi; done; "
            + "rm -rf -- \"$2\"; rmdir -- \"$(dirname -- \"$2\")\"; fi "
            + ") </dev/null >/dev/null 2>&1 & exit 0";

    /** How long {@link #start} waits for the subshell to hold the FIFO; past it, it goes on without knowing. */
    static final java.time.Duration ARM_LIMIT = java.time.Duration.ofSeconds(2);

    /** Held open, never written, until this JVM exits. */
    @SuppressWarnings("unused")
    private static volatile FileChannel lifeline;

    private SessionWatchdog() {}

    /** This process's ledger of named segments in {@code sessionDirectory}. */
    public static Path ledger(Path sessionDirectory) {
        return sessionDirectory.resolve("named-segments-" + ProcessHandle.current().pid());
    }

    /**
     * Starts the watchdog of this process, once per JVM.
     *
     * @param removeSession whether it also removes the session directory (the root's)
     */
    public static synchronized void start(Path sessionDirectory, boolean removeSession) {
        if (lifeline != null) {
            return;
        }
        Path sh = Path.of("/bin/sh");
        if (!Files.isExecutable(sh)) {
            return; // the next root's sweep cleans up instead
        }
        Path fifo = sessionDirectory.resolve(".watchdog-" + ProcessHandle.current().pid());
        try {
            var p = new ProcessBuilder(List.of(sh.toString(), "-c", SCRIPT, fifo.toString(),
                    ledger(sessionDirectory).toString(), removeSession ? sessionDirectory.toString() : ""))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            if (p.waitFor() == 0) {
                lifeline = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
                awaitArmed(fifo.resolveSibling(fifo.getFileName() + ".armed"));
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot start the watchdog", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the subshell holds the FIFO ({@code armed} exists), at most {@link #ARM_LIMIT}; then removes the file. */
    private static void awaitArmed(Path armed) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + ARM_LIMIT.toNanos();
        while (!Files.exists(armed)) {
            if (System.nanoTime() - deadline > 0) {
                LOG.log(Level.DEBUG, "the watchdog did not open its FIFO within " + ARM_LIMIT);
                return;
            }
            Thread.sleep(1);
        }
        Files.deleteIfExists(armed);
    }

    /**
     * Lets go the watchdogs of a dead session that still wait to open their FIFO: a process
     * that died before its subshell opened the FIFO (between the two opens of {@link #start})
     * left the subshell blocked in that open for good. Opening the FIFO read-write never blocks;
     * the waiting subshell's open then completes, and once this side closes it reads end of
     * stream and cleans up as usual. A subshell already reading is unaffected: its process holds
     * the FIFO open, so it sees no end of stream.
     */
    static void releaseStuck(Path sessionDirectory) {
        try (var entries = Files.newDirectoryStream(sessionDirectory, ".watchdog-*")) {
            for (Path fifo : entries) {
                if (Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                    FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot release the watchdogs of " + sessionDirectory, e);
        }
    }
}
