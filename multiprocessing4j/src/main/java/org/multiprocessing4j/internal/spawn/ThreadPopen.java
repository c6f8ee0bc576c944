package org.multiprocessing4j.internal.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * A "process" of the {@code "thread"} start method (Python's {@code multiprocessing.dummy}): the
 * same API on a platform thread of this JVM, daemonic exactly when the process is. Nothing is
 * serialised. A thread cannot be killed safely, so {@link #terminate()} and {@link #kill()}
 * refuse instead of pretending.
 */
public final class ThreadPopen implements Popen {

    private final Thread thread;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ThreadPopen(String name, boolean daemon, IntSupplier body) {
        thread = Thread.ofPlatform().name(name).daemon(SpawnPopen.watchedByDaemon(daemon)).unstarted(() -> {
            int code = 1;
            try {
                code = body.getAsInt();
            } finally {
                exit.complete(code);
            }
        });
    }

    /** Starts {@code body} (which returns the exit code) on a new thread named {@code name}. */
    public static ThreadPopen launch(String name, boolean daemon, IntSupplier body) {
        var p = new ThreadPopen(name, daemon, body);
        p.thread.start();
        return p;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void terminate() {
        throw new UnsupportedOperationException(
                "terminate() is not available with the 'thread' start method: a thread cannot be stopped safely");
    }

    @Override
    public void kill() {
        throw new UnsupportedOperationException(
                "kill() is not available with the 'thread' start method: a thread cannot be stopped safely");
    }

    @Override
    public void close() {
        // nothing held beyond the thread, which has ended
    }
}
