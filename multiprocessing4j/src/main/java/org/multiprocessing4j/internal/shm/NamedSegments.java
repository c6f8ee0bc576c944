package org.multiprocessing4j.internal.shm;

import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
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
 * created and has not unlinked; at exit it warns about them and unlinks them. The names are also
 * appended to {@value #LEDGER} in the session directory, which the root's
 * {@link SessionWatchdog} reads to unlink them when the tree dies without exiting normally.
 */
public final class NamedSegments {

    static final String LEDGER = "named-segments";

    /** The prefix of generated names. */
    public static final String GENERATED_PREFIX = "mp4j-";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");
    private static final System.Logger LOG = System.getLogger("org.multiprocessing4j.sharedmemory");
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
        new SecureRandom().nextBytes(random);
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

    /** Removes a named segment's file and forgets it. */
    public static void unlink(Path p) {
        CREATED.remove(p);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot unlink " + p + ": " + e.getMessage(), e);
        }
    }

    private static void track(Path p) {
        CREATED.add(p);
        try {
            Path session = Session.directory();
            SessionSegments.ensureCleanup();
            Files.writeString(session.resolve(LEDGER), p + "\n", StandardCharsets.UTF_8,
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
