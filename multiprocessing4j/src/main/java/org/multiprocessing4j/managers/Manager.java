package org.multiprocessing4j.managers;

/**
 * Python's {@code multiprocessing.Manager()}: {@link #start()} returns a {@link SyncManager}
 * whose server runs in a new child JVM. Close it (try-with-resources) to stop that process.
 */
public final class Manager {

    private Manager() {}

    /** A started {@link SyncManager} on a fresh Unix-domain socket, with this process's key. */
    public static SyncManager start() {
        return SyncManager.builder().build().start();
    }
}
