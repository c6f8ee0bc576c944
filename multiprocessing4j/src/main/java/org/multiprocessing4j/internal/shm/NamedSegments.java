package org.multiprocessing4j.internal.shm;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.internal.spawn.SessionWatchdog;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Named segments (the public {@code SharedMemory}): files directly under {@code /dev/shm} (the
 * temporary directory where there is none), so that any process that knows the name, also an
 * unrelated JVM, can attach, like POSIX {@code shm_open}.
 *
 * <p>The tracker follows CPython's {@code resource_tracker}: each process remembers the names it
 * created and has not unlinked; at exit it warns about them and unlinks them. The paths are also
 * appended to the process's ledger in the session directory, which its {@link SessionWatchdog}
 * reads to unlink them when the process dies without exiting normally ({@code kill -9}).
 */
public final class NamedSegments {

    /** The prefix of generated names. */
    public static final String GENERATED_PREFIX = "mp4j-";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");
    private static final System.Logger LOG = LazyLogger.of("org.multiprocessing4j.sharedmemory");
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private NamedSegments() {}

    /** The directory named segments live in. */
    public static Path directory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** A fresh name, {@code mp4j-} and 16 hex digits. */
    public static String generateName() {
        var random = new byte[8];
        Entropy.fill(random);
        return GENERATED_PREFIX + HexFormat.of().formatHex(random);
    }

    /** @throws IllegalArgumentException naming the value unless it is 1-200 of [A-Za-z0-9._-], not starting with '.' or '-' */
    public static Path path(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-200 characters of [A-Za-z0-9._-], not starting with '.' or '-': name="
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return directory().resolve(name);
    }

    /** Creates and tracks a named segment. */
    public static Segment create(String name, int kind, long size) {
        Path p = path(name);
        var segment = Segment.create(p, kind, size);
        track(p);
        return segment;
    }

    /**
     * Removes a named segment's file and forgets it.
     *
     * @return whether the file was there to remove (false: someone unlinked it before)
     */
    public static boolean unlink(Path p) {
        boolean mine = CREATED.remove(p);
        boolean removed;
        try {
            removed = Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot unlink " + p + ": " + e.getMessage(), e);
        }
        if (mine) {
            rewriteLedger();
        }
        return removed;
    }

    /** Keeps the watchdog from removing a later block of the same name that is not ours. */
    private static synchronized void rewriteLedger() {
        Path session = Session.existing();
        if (session == null) {
            return;
        }
        try {
            Path ledger = SessionWatchdog.ledger(session);
            Path tmp = Files.createTempFile(session, ".ledger", ".tmp");
            var lines = new StringBuilder();
            CREATED.forEach(c -> lines.append(c).append('\n'));
            Files.writeString(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, ledger, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot rewrite the ledger", e);
        }
    }

    private static synchronized void track(Path p) {
        CREATED.add(p);
        try {
            Path session = Session.directory();
            if (!Session.isOwner()) { // a root's watchdog runs since its session directory was made
                SessionWatchdog.start(session, false);
            }
            Path ledger = SessionWatchdog.ledger(session);
            if (!Files.exists(ledger, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(ledger, org.multiprocessing4j.internal.os.OwnerOnly.fileAttribute()); // 0600, as createTempFile's
            }
            Files.writeString(ledger, p + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot record " + p + " for the watchdog", e);
        }
        if (!hooked) {
            synchronized (NamedSegments.class) {
                if (!hooked) {
                    // After the children have been joined, before the session goes.
                    SpawnRuntime.onExit(SpawnRuntime.Phase.RESOURCES, NamedSegments::atExit);
                    hooked = true;
                }
            }
        }
    }

    private static void atExit() {
        var leaked = CREATED.stream().filter(Files::exists).toList();
        if (!leaked.isEmpty()) {
            // Straight to stderr, as CPython's resource tracker does: java.util.logging resets its
            // handlers in a shutdown hook of its own, which may run before this one.
            System.err.println("multiprocessing4j: warning: there appear to be " + leaked.size()
                    + " leaked shared memory objects to clean up at shutdown: " + leaked);
            System.err.flush();
        }
        for (Path p : leaked) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot unlink " + p, e);
            }
        }
    }
}
