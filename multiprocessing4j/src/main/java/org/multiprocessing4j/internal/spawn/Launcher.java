package org.multiprocessing4j.internal.spawn;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one long-lived thread that starts every child JVM, and the work that must come before a
 * JVM's first child: the root's session watchdog, the {@code setpriv} probe
 * ({@link ParentDeathSignal}) and the AOT cache's plan ({@link JvmCommand#prepareInBackground}).
 * Its tasks run in the order they were submitted, so a child is started only after what was
 * submitted before it.
 *
 * <p>Why one thread: the kernel delivers {@code PR_SET_PDEATHSIG} when the thread that created a
 * child ends, not the process, so a child started from a short-lived thread would be killed
 * with it. Why the preparations run here: a cold JVM spends tens of milliseconds on them (the
 * watchdog's shell, the JDK's first {@code ProcessBuilder.start}, which looks for a logger
 * service on the whole class path, the probe's two processes), and the thread that asked for the
 * first child meanwhile prepares it (its control socket, its command line) on the other core.
 */
final class Launcher {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("mp4j-launcher").unstarted(r));

    private Launcher() {}

    static <T> Future<T> submit(Callable<T> task) {
        return THREAD.submit(task);
    }

    static Future<?> submit(Runnable task) {
        return THREAD.submit(task);
    }
}
