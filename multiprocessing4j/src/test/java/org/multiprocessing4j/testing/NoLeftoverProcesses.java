package org.multiprocessing4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test that leaves child processes behind, after killing them so that the rest of the
 * suite, and the machine, stay clean. A test has a few seconds after it returns for children it
 * ended to be reaped.
 */
public final class NoLeftoverProcesses implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        check(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    /** Fails (after killing them) if this JVM has child processes left, giving them a few seconds to go. */
    public static void check(String where) {
        long deadline = System.nanoTime() + Delays.seconds(10).toNanos();
        List<ProcessHandle> alive = descendants();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = descendants();
        }
        if (!alive.isEmpty()) {
            var described = alive.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
            alive.forEach(ProcessHandle::destroyForcibly);
            alive.forEach(h -> h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> h).join());
            throw new AssertionError(where + " left child processes running: " + described);
        }
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> !isAotCacheBuild(h)).toList();
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
