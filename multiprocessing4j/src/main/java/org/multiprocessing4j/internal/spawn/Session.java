package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.os.OwnerOnly;
import org.multiprocessing4j.internal.os.ProcessStart;
import org.multiprocessing4j.internal.os.Posix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The session directory that one process tree shares (DESIGN.md §3):
 * {@code <root>/<root-pid>-<root-start-millis>-<random>/}, mode 0700, where {@code <root>} is
 * the user's own {@code /dev/shm/multiprocessing4j-<uid>} when {@code /dev/shm} exists and
 * {@code multiprocessing4j-<uid>} in the temporary directory otherwise (the system property
 * {@value Configuration#SESSION_ROOT_PROP_NAME} overrides it). Control sockets and shared-memory
 * segments live in it.
 *
 * <p>Other local users: the root and the session directory are created mode 0700 and, before
 * any use, checked with {@code lstat} to be real directories owned by this user with no access
 * for others ({@link OwnerOnly}); a root that fails the check (made by someone else, a
 * symbolic link, mode 0777...) is refused with a message saying why, and nothing is created in
 * it or deleted from it. A sweep deletes only directories of the verified root that are this
 * user's own.
 *
 * <p>The root process of a tree creates it on first use and removes it when it exits normally;
 * children adopt the root's directory from their bootstrap. A root killed with {@code kill -9}
 * cannot clean up, so each new root first sweeps directories whose root process is gone: the
 * name records the root's pid <em>and</em> start ({@link ProcessStart}: on Linux in clock ticks
 * since boot, marked {@code t}, which no step of the wall clock moves), which defeats pid reuse.
 */
public final class Session {

    /** pid, start ({@code t} and clock ticks since boot, or milliseconds), random part. */
    private static final Pattern NAME = Pattern.compile("(\\d+)-(t?)(\\d+)-[0-9a-f]+");
    private static final String REMEDY = "Remove it, or set -D" + Configuration.SESSION_ROOT_PROP_NAME
            + " to a directory of your own with mode 0700.";
    private static final System.Logger LOG = LazyLogger.of(Session.class);

    private static volatile Path directory;
    private static volatile boolean owner;

    private Session() {}

    /** The directory under which every session directory is created. */
    public static Path rootDirectory() {
        String configured = Configuration.sessionRoot();
        if (configured != null) {
            return Path.of(configured);
        }
        var shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve(perUserName());
        }
        return Path.of(System.getProperty("java.io.tmpdir"), perUserName());
    }

    /** {@code multiprocessing4j-<uid>}, as systemd's and CPython's per-user names include the user. */
    private static String perUserName() {
        int uid = Posix.effectiveUid();
        return "multiprocessing4j-" + (uid >= 0 ? String.valueOf(uid) : System.getProperty("user.name"));
    }

    /**
     * This tree's session directory, created (after a sweep of stale ones) on first use in a
     * root; in a root, its watchdog holds the directory by the time this returns.
     */
    public static Path directory() {
        Path d = directoryForLaunch();
        awaitWatchdog();
        return d;
    }

    /**
     * {@link #directory()} without waiting for a root's watchdog, which starts on the
     * {@link Launcher} thread: for the path that starts a child, which that thread runs after
     * the watchdog, so no child (and nothing a child makes) exists before the watchdog holds
     * the directory. Anything this process itself puts in the directory goes through
     * {@link #directory()}.
     */
    static Path directoryForLaunch() {
        Path d = directory;
        if (d == null) {
            synchronized (Session.class) {
                d = directory;
                if (d == null) {
                    sweepStale();
                    d = create();
                    owner = true;
                    SpawnRuntime.onExit(SpawnRuntime.Phase.SESSION, Session::removeOwned);
                    // Removes the directory (and what the ledgers name) if this root is killed; a
                    // normal exit removes it above. From creation on, not from the first segment:
                    // a root that only wrote a file here (a Redis options file) left it behind.
                    Path created = d;
                    watchdog = Launcher.submit(() -> SessionWatchdog.start(created, true));
                    directory = d;
                }
            }
        }
        return d;
    }

    /** The start of a root's watchdog, until it is known to have finished; then null. */
    private static volatile Future<?> watchdog;

    /** Waits until the root's watchdog has started (it bounds its own wait); at once in a child. */
    private static void awaitWatchdog() {
        Future<?> w = watchdog;
        if (w == null) {
            return;
        }
        try {
            w.get();
            watchdog = null;
        } catch (ExecutionException e) {
            watchdog = null;
            LOG.log(System.Logger.Level.DEBUG, "the session watchdog did not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the directory exists; only the watchdog may lag
        }
    }

    /** Whether this process created the session (it is the root of the tree and removes it). */
    public static boolean isOwner() {
        return owner;
    }

    /** The current session directory without creating one, or null. */
    public static Path existing() {
        return directory;
    }

    /**
     * Called in a child: use the directory of the tree the child belongs to.
     *
     * @throws org.multiprocessing4j.MultiprocessingException if it is not this user's private
     *         directory (see the class comment)
     */
    public static void adopt(Path inherited) {
        OwnerOnly.verifyDirectory(inherited, "the inherited session directory", REMEDY);
        synchronized (Session.class) {
            directory = inherited;
            owner = false;
        }
    }

    /** Removes this session's directory if this process owns it. Idempotent. */
    public static void removeOwned() {
        Path d;
        synchronized (Session.class) {
            d = owner ? directory : null;
            if (d != null) {
                directory = null;
                owner = false;
            }
        }
        if (d != null) {
            awaitWatchdog(); // its shell must not make the FIFO in a directory being removed
            deleteTree(d);
            removeRootIfEmpty();
        }
    }

    /**
     * Removes the directories of sessions whose root process no longer runs.
     *
     * @return how many were removed
     */
    public static int sweepStale() {
        Path root = rootDirectory();
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        OwnerOnly.verifyDirectory(root, "the session root", REMEDY);
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                var m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && OwnerOnly.isOwnDirectory(p)
                        && !isAlive(Long.parseLong(m.group(1)), !m.group(2).isEmpty(), Long.parseLong(m.group(3)))) {
                    SessionWatchdog.releaseStuck(p);
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot sweep " + root, e);
        }
        if (removed > 0) {
            removeRootIfEmpty();
        }
        return removed;
    }

    /**
     * Whether the process {@code pid} that started at {@code start} still runs: {@code start} in
     * clock ticks since boot ({@code ticks}, {@link ProcessStart} on Linux) or in milliseconds (a
     * name made elsewhere, or by an earlier version of this library, compared as it was made).
     */
    static boolean isAlive(long pid, boolean ticks, long start) {
        if (ticks && ProcessStart.inTicks()) {
            return ProcessStart.of(pid) == start;
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().startInstant().map(s -> s.toEpochMilli() == start).orElse(true))
                .orElse(false);
    }

    private static Path create() {
        var random = new byte[6];
        Entropy.fill(random);
        String name = ProcessHandle.current().pid() + "-" + (ProcessStart.inTicks() ? "t" : "") + ProcessStart.CURRENT + "-"
                + HexFormat.of().formatHex(random);
        Path root = rootDirectory();
        // Another session may remove an empty root between our two calls: retry a few times.
        for (int attempt = 0; ; attempt++) {
            try {
                if (root.getParent() != null) {
                    Files.createDirectories(root.getParent());
                }
                OwnerOnly.ensureDirectory(root, "the session root", REMEDY);
                Path d = root.resolve(name);
                Files.createDirectory(d, OwnerOnly.directoryAttribute());
                OwnerOnly.verifyDirectory(d, "the session directory", REMEDY);
                return d;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt >= 5) {
                    throw new UncheckedIOException("cannot create the session directory under " + root + ": " + e.getMessage(), e.getCause());
                }
            } catch (NoSuchFileException e) {
                if (attempt >= 5) {
                    throw new UncheckedIOException("cannot create the session directory under " + root, e);
                }
            } catch (FileAlreadyExistsException e) {
                throw new UncheckedIOException("session directory already exists: " + e.getFile(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the session directory under " + root, e);
            }
        }
    }

    private static void removeRootIfEmpty() {
        if (!OwnerOnly.isOwnDirectory(rootDirectory())) {
            return;
        }
        try {
            Files.deleteIfExists(rootDirectory());
        } catch (DirectoryNotEmptyException e) {
            // other sessions are running
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove " + rootDirectory(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete " + p, e);
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + dir, e);
        }
    }
}
