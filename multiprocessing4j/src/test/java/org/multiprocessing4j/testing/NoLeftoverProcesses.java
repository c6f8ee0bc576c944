package org.multiprocessing4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fails a test that leaves child processes behind, after killing them so that the rest of the
 * suite, and the machine, stay clean. A test has a few seconds after it returns for children it
 * ended to be reaped.
 *
 * <p>A test class may share children between its tests (a pool made in {@code @BeforeAll}, so
 * that each test does not pay for booting its workers): it starts them with {@link #CLASS_SCOPED}
 * among their JVM options. After each test those JVMs are allowed to live on; after the class,
 * once its {@code @AfterAll} has stopped them, nothing may be left, they included.
 */
public final class NoLeftoverProcesses implements AfterEachCallback, AfterAllCallback {

    /** The JVM option that marks a child as the test class's own, alive across its tests. */
    public static final String CLASS_SCOPED = "-Dmp4j.test.classScoped=true";

    /**
     * A test class whose children that the library starts by itself (warm spares) may outlive
     * each test: after a test, the pids it names do not count; after the class, nothing may be left.
     */
    public interface ClassScopedChildren {
        /** The pids of the children that may live on after a test, asked again while the check waits. */
        Set<Long> classScopedPids();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Supplier<Set<Long>> allowed = context.getTestInstance()
                .filter(ClassScopedChildren.class::isInstance)
                .map(ClassScopedChildren.class::cast)
                .<Supplier<Set<Long>>>map(t -> t::classScopedPids)
                .orElse(Set::of);
        check(context.getDisplayName(), true, allowed);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    /** Fails (after killing them) if this JVM has child processes left, giving them a few seconds to go. */
    public static void check(String where) {
        check(where, false);
    }

    /**
     * The same; with {@code allowClassScoped}, children marked {@link #CLASS_SCOPED} (and what
     * runs under them) do not count.
     */
    public static void check(String where, boolean allowClassScoped) {
        check(where, allowClassScoped, Set::of);
    }

    private static void check(String where, boolean allowClassScoped, Supplier<Set<Long>> allowedPids) {
        long deadline = System.nanoTime() + Delays.seconds(10).toNanos();
        List<ProcessHandle> alive = descendants(allowClassScoped, allowedPids.get());
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = descendants(allowClassScoped, allowedPids.get());
        }
        if (!alive.isEmpty()) {
            var described = alive.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
            alive.forEach(ProcessHandle::destroyForcibly);
            alive.forEach(h -> h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> h).join());
            throw new AssertionError(where + " left child processes running: " + described);
        }
    }

    private static List<ProcessHandle> descendants(boolean allowClassScoped, Set<Long> allowedPids) {
        var alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> !isAotCacheBuild(h)).toList();
        if (!allowClassScoped) {
            return alive;
        }
        var scoped = alive.stream().filter(h -> classScoped(h) || allowedPids.contains(h.pid())).toList();
        return alive.stream()
                .filter(h -> scoped.stream().noneMatch(s -> s.equals(h) || isAncestor(s, h)))
                .toList();
    }

    private static boolean classScoped(ProcessHandle h) {
        return h.info().arguments().map(args -> List.of(args).contains(CLASS_SCOPED)).orElse(false);
    }

    private static boolean isAncestor(ProcessHandle ancestor, ProcessHandle h) {
        for (var p = h.parent(); p.isPresent(); p = p.get().parent()) {
            if (p.get().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The library's own background build of the children's AOT cache (on by default, see
     * AotCache): the training child and the JVM that writes the cache. It belongs to no test, is
     * started by whichever test first starts a child, and ends by itself (AotCacheTest covers it).
     */
    private static boolean isAotCacheBuild(ProcessHandle h) {
        return h.info().arguments().map(args -> java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("-XX:AOTMode=")))
                .orElse(false);
    }
}
