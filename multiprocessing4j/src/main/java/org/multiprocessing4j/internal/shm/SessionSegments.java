package org.multiprocessing4j.internal.shm;

import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.spawn.Session;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segments of shared objects (locks, values, arrays...) of one process tree: files in the
 * tree's session directory ({@link Session#directory()}), created by any process of the tree
 * and attached by name in the others. Each process maps a segment at most once at a time
 * ({@link #attach(String)} returns the mapping this process already has), and the garbage
 * collector unmaps it when nothing of this process refers to it any more (GC-managed segments,
 * see {@link Segment}), so shared objects never dangle and unused ones do not pile up mappings.
 *
 * <p>Cleanup (DESIGN.md §3): the segments go with the session directory. The root removes it
 * when it exits; if it is killed, the {@code SessionWatchdog} started with the session directory
 * removes it, and failing that the next root's sweep of stale sessions does.
 */
public final class SessionSegments {

    /** Segment name → this process's mapping, while it is reachable. */
    private static final ConcurrentHashMap<String, WeakReference<Segment>> MAPPED = new ConcurrentHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String PREFIX = "seg-";

    private SessionSegments() {}

    /** Creates, publishes and maps a new segment of {@code bodySize} zeroed bytes. */
    public static Segment create(int kind, long bodySize) {
        return create(kind, bodySize, new long[0]);
    }

    /**
     * As {@link #create(int, long)}, allocating also the body ranges {@code alsoReserved}
     * ({@code offset, length} pairs) of a segment too large to be allocated whole (see
     * {@link Segment#create(Path, int, long, boolean, boolean, long...)}).
     */
    public static Segment create(int kind, long bodySize, long... alsoReserved) {
        Path dir = Session.directory(); // the root's watchdog runs from the directory's creation on
        // pid + sequence is unique within this JVM; the random part guards against a reused pid.
        var random = new byte[4];
        Entropy.fill(random);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
        var segment = Segment.create(dir.resolve(name), kind, bodySize, true, bodySize <= Segment.RESERVED_UP_TO, alsoReserved);
        MAPPED.put(name, new WeakReference<>(segment));
        return segment;
    }

    /** The segment {@code name} of this tree's session, mapped once per process. */
    public static Segment attach(String name) {
        if (!name.startsWith(PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not a session segment name: name='" + name + "'");
        }
        while (true) {
            WeakReference<Segment> ref = MAPPED.get(name);
            Segment known = ref != null ? ref.get() : null;
            if (known != null) {
                return known;
            }
            Segment fresh = Segment.attach(Session.directory().resolve(name), true);
            WeakReference<Segment> mine = new WeakReference<>(fresh);
            if (ref == null ? MAPPED.putIfAbsent(name, mine) == null : MAPPED.replace(name, ref, mine)) {
                return fresh;
            }
            // another thread mapped it meanwhile: use theirs (ours goes with the GC)
        }
    }

    /**
     * This process's object over the segment {@code file} is unreachable: forgets its cleared
     * mapping and, with {@code unlink}, removes the file. Unlink only a segment this process
     * created and never let a reference to out: then no other process can know it.
     */
    public static void released(Path file, boolean unlink) {
        MAPPED.computeIfPresent(file.getFileName().toString(), (n, ref) -> ref.get() == null ? null : ref);
        if (unlink) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the session directory goes at exit anyway
            }
        }
    }

    /** How many segments this process has mapped (for tests and diagnostics). */
    public static int mappedCount() {
        int n = 0;
        for (WeakReference<Segment> ref : MAPPED.values()) {
            if (ref.get() != null) {
                n++;
            }
        }
        return n;
    }
}
