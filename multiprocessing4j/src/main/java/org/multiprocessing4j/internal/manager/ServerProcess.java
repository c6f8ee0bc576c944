package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.spawn.SpawnPopen;
import org.multiprocessing4j.managers.ManagerException;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A manager's server running in a child JVM, as the process that started it supervises it:
 * the start, the report of the address, the stop, and the clean-up after a server that died.
 *
 * <p>The start, as a two-party protocol (the report is a one-way {@link Pipe}):
 * <pre>
 *  step  starter                                     server process ({@link ServerMain})
 *  1     opens the pipe, starts the process with
 *        the spec and the pipe's sending end
 *  2                                                 binds the address; sends it as a string, or
 *                                                    {@value #ERROR_PREFIX}reason if it cannot;
 *                                                    closes its end
 *  3     waits at most {@link #START_LIMIT} for the
 *        report: the address, or a ManagerException
 *        (bind error, process ended, no report)
 *  4                                                 serves until shut down
 * </pre>
 * Not thread-safe: the manager calls it under its own lifecycle.
 */
public final class ServerProcess {

    /** What the server sends instead of its address when it cannot listen. */
    static final String ERROR_PREFIX = "error: ";

    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

    private final Process process;
    private final Pipe report;
    private final boolean freshAddress;

    private ServerProcess(Process process, Pipe report, boolean freshAddress) {
        this.process = process;
        this.report = report;
        this.freshAddress = freshAddress;
    }

    /**
     * Steps 1-2: starts the server's process from {@code builder} (its start method and name
     * set by the caller).
     */
    public static ServerProcess start(Process.Builder builder, ServerMain.Spec spec) {
        var pipe = Pipe.open(false);
        Process process;
        try {
            process = builder.target(ServerMain.target(spec, pipe.right())).build();
            // Shut down at exit (BaseManager's exit task), so it must not keep a JVM whose main returned alive.
            SpawnPopen.startStoppedAtExit(process::start);
        } catch (RuntimeException e) {
            pipe.close();
            throw e;
        }
        return new ServerProcess(process, pipe, spec.address() == null);
    }

    /** The server's process. */
    public Process process() {
        return process;
    }

    /**
     * Step 3: the address the server listens on.
     *
     * @param requested what was asked for, for the error message (null: a fresh Unix-domain socket)
     * @throws ManagerException if the server could not bind, its process ended, or it did not
     *         report within {@link #START_LIMIT}
     */
    public String awaitAddress(Object requested) {
        try (report) {
            return awaitReport(report.left(), requested);
        }
    }

    private String awaitReport(Connection from, Object requested) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready;
            try {
                ready = from.poll(Duration.ofMillis(100));
            } catch (EndOfStreamException e) {
                ready = true;
            }
            if (ready) {
                Object m;
                try {
                    m = from.recv();
                } catch (EndOfStreamException e) {
                    process.join(EXIT_LIMIT);
                    throw new ManagerException("the manager's process ended before it listened: exitCode="
                            + process.exitCode());
                }
                String s = (String) m;
                if (s.startsWith(ERROR_PREFIX)) {
                    throw new ManagerException("the manager could not listen on "
                            + (requested == null ? "a fresh Unix-domain socket" : requested) + ": "
                            + s.substring(ERROR_PREFIX.length()));
                }
                return s;
            }
            if (!process.isAlive()) {
                throw new ManagerException("the manager's process ended before it listened: exitCode=" + process.exitCode());
            }
        }
        throw new ManagerException("the manager's process did not listen within " + START_LIMIT);
    }

    /**
     * Waits for the process to end after the server was told to shut down (or was never
     * reached), killing it if it does not within {@link #EXIT_LIMIT}; then removes the socket of
     * a server that died before it could, and releases the process.
     *
     * @param address the server's address as reported (null if it never was)
     */
    public void stop(String address) {
        if (!process.join(EXIT_LIMIT)) {
            process.kill();
            process.join(EXIT_LIMIT);
        }
        removeSocketOfDeadServer(address);
        process.close();
    }

    /**
     * A server process killed (or crashed) before it could unlink its Unix-domain socket leaves
     * the file in the session directory: once the process has ended, the starter removes it. Only
     * the fresh address the server chose itself; a path the user asked for is the user's.
     */
    private void removeSocketOfDeadServer(String address) {
        if (freshAddress && address != null && !process.isAlive() && Wire.parse(address) instanceof UnixDomainSocketAddress u) {
            try {
                Files.deleteIfExists(u.getPath());
            } catch (IOException e) {
                // best effort: the session directory goes at exit anyway
            }
        }
    }
}
