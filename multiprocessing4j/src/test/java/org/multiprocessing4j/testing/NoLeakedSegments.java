package org.multiprocessing4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.internal.spawn.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails a test class that leaves shared memory behind: named {@code SharedMemory} segments
 * ({@code /dev/shm/mp4j-*}) created by this JVM's session during the class and not unlinked, or session directories
 * of root processes that were this JVM's descendants and have died (a killed root's watchdog must remove its directory). It
 * removes what it finds, so the rest of the suite and the machine stay clean.
 */
public final class NoLeakedSegments implements BeforeAllCallback, AfterAllCallback {

    private static final Path SHM = Path.of("/dev/shm");
    private static final Pattern SESSION = Pattern.compile("(\\d+)-(\\d+)-[0-9a-f]+");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeakedSegments.class);

    /**
     * The pids of every process seen as a descendant of this JVM (sampled every 50 ms from the
     * first class on): only a dead root that was one of them is this JVM's to blame, as test
     * classes run in several JVMs at once.
     */
    private static final Set<Long> DESCENDANTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("descendant-sampler").start(() -> {
            while (true) {
                ProcessHandle.current().descendants().forEach(h -> DESCENDANTS.add(h.pid()));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("before", named());
        context.getStore(NS).put("sessions", new HashSet<>(sessions()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Path> before = context.getStore(NS).get("before", Set.class);
        var leaked = new HashSet<>(named());
        leaked.removeAll(before);
        for (Path p : leaked) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // reported below anyway
            }
        }
        // Only sessions that appeared during the class: other builds may share the machine.
        @SuppressWarnings("unchecked")
        Set<Path> earlier = context.getStore(NS).get("sessions", Set.class);
        if (!deadSessions(earlier).isEmpty()) {
            // A watchdog removes a dead root's session within moments: give it time first.
            try {
                Await.until("dead roots' sessions are removed", Delays.seconds(10), () -> deadSessions(earlier).isEmpty());
            } catch (AssertionError e) {
                List<Path> stale = deadSessions(earlier);
                Session.sweepStale();
                throw new AssertionError(context.getDisplayName() + " left the sessions of dead roots: " + stale, e);
            }
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left shared memory segments: " + leaked);
        }
    }

    /**
     * The named segments ({@code /dev/shm/mp4j-*}) that a process of this JVM's session created
     * and has not unlinked: those its ledgers list. Test classes run in several JVMs at once, so
     * segments of another JVM's session are not this one's to judge or remove.
     */
    public static Set<Path> named() {
        if (!Files.isDirectory(SHM)) {
            return new HashSet<>();
        }
        Set<Path> listed = new HashSet<>();
        Path session = Session.existing();
        if (session != null) {
            try (Stream<Path> s = Files.list(session)) {
                for (Path ledger : s.filter(p -> p.getFileName().toString().startsWith("named-segments-")).toList()) {
                    for (String line : Files.readAllLines(ledger)) {
                        if (!line.isBlank()) {
                            listed.add(Path.of(line.trim()));
                        }
                    }
                }
            } catch (IOException e) {
                // a ledger rewritten or removed while read: what is left is judged
            }
        }
        try (Stream<Path> s = Files.list(SHM)) {
            return new HashSet<>(s.filter(p -> p.getFileName().toString().startsWith("mp4j-")).filter(listed::contains).toList());
        } catch (IOException e) {
            return new HashSet<>();
        }
    }

    private static List<Path> sessions() {
        try (Stream<Path> s = Files.list(Session.rootDirectory())) {
            return s.filter(p -> SESSION.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> deadSessions(Set<Path> excluded) {
        return sessions().stream().filter(p -> !excluded.contains(p)).filter(p -> {
            var m = SESSION.matcher(p.getFileName().toString());
            return m.matches() && DESCENDANTS.contains(Long.parseLong(m.group(1)))
                    && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true);
        }).toList();
    }
}
