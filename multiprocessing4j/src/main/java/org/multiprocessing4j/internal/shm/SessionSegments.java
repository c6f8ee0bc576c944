package org.multiprocessing4j.internal.shm;

import org.multiprocessing4j.internal.spawn.Session;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segments of shared objects (locks, values, arrays...) of one process tree: files in the
 * tree's session directory ({@link Session#directory()}), created by any process of the tree
 * and attached by name in the others. Each process maps a segment once and keeps it mapped for
 * its lifetime ({@link #attach(String)} caches), so shared objects never dangle.
 *
 * <p>Cleanup (DESIGN.md §3): the segments go with the session directory. The root removes it
 * when it exits; if it is killed, the {@link SessionWatchdog} started with the first segment
 * removes it, and failing that the next root's sweep of stale sessions does.
 */
public final class SessionSegments {

    private static final ConcurrentHashMap<String, Segment> MAPPED = new ConcurrentHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String PREFIX = "seg-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean hooked;

    private SessionSegments() {}

    /** Creates, publishes and maps a new segment of {@code bodySize} zeroed bytes. */
    public static Segment create(int kind, long bodySize) {
        Path dir = Session.directory();
        ensureCleanup();
        // pid + sequence is unique within this JVM; the random part guards against a reused pid.
        var random = new byte[4];
        RANDOM.nextBytes(random);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
        var segment = Segment.create(dir.resolve(name), kind, bodySize);
        MAPPED.put(name, segment);
        return segment;
    }

    /** The segment {@code name} of this tree's session, mapped once per process. */
    public static Segment attach(String name) {
        if (!name.startsWith(PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not a session segment name: name='" + name + "'");
        }
        return MAPPED.computeIfAbsent(name, n -> Segment.attach(Session.directory().resolve(n)));
    }

    /** How many segments this process has mapped (for tests and diagnostics). */
    public static int mappedCount() {
        return MAPPED.size();
    }

    /** In the root: starts the watchdog, once. */
    static void ensureCleanup() {
        if (hooked) {
            return;
        }
        synchronized (SessionSegments.class) {
            if (hooked) {
                return;
            }
            hooked = true;
            if (Session.isOwner()) {
                SessionWatchdog.start(Session.directory(), true);
                // Removing the session at exit is the runtime's (SpawnRuntime, phase SESSION).
            }
        }
    }
}
