package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Removes a root's session directory when the root dies in any way, {@code kill -9} included,
 * without waiting for another session to sweep it (DESIGN.md §3).
 *
 * <p>Protocol, in three steps:
 * <ol>
 *   <li>The root runs {@code /bin/sh}, which makes a FIFO {@value #FIFO} in the session
 *       directory, starts a background subshell and exits at once; the subshell is re-parented
 *       away from the root, so it is not a child that dies or is waited for with it.</li>
 *   <li>The root opens the FIFO read-write (which never blocks) and keeps it open without ever
 *       writing; the subshell blocks reading it.</li>
 *   <li>However the root exits, the kernel closes its descriptor; with no writer left the read
 *       returns at end of stream and the subshell unlinks the named segments listed in the
 *       directory's ledger (see {@link NamedSegments}), then removes the directory (already
 *       gone after a normal exit) and its parent if empty.</li>
 * </ol>
 * No polling and no pid reuse: the JDK closes every other descriptor in the processes it starts,
 * so only the root holds the FIFO. If the root dies before the subshell opened the FIFO, the
 * subshell waits for good and the next root's sweep removes the directory.
 */
final class SessionWatchdog {

    static final String FIFO = ".watchdog";

    private static final System.Logger LOG = System.getLogger(SessionWatchdog.class.getName());
    private static final String SCRIPT = "mkfifo -m 600 \"$0/" + FIFO + "\" || exit 1; "
            + "( read -r _ < \"$0/" + FIFO + "\"; "
            + "if [ -f \"$0/" + NamedSegments.LEDGER + "\" ]; then while IFS= read -r n; do rm -f -- \"$n\"; done < \"$0/" + NamedSegments.LEDGER + "\"; fi; "
            + "rm -rf -- \"$0\"; rmdir -- \"$(dirname -- \"$0\")\" ) </dev/null >/dev/null 2>&1 & exit 0";

    /** Held open, never written, until this JVM exits. */
    @SuppressWarnings("unused")
    private static volatile FileChannel lifeline;

    private SessionWatchdog() {}

    static void start(Path sessionDirectory) {
        Path sh = Path.of("/bin/sh");
        if (!Files.isExecutable(sh)) {
            return; // the next root's sweep cleans up instead
        }
        try {
            var p = new ProcessBuilder(List.of(sh.toString(), "-c", SCRIPT, sessionDirectory.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            if (p.waitFor() == 0) {
                lifeline = FileChannel.open(sessionDirectory.resolve(FIFO), StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot start the session watchdog", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
