package org.multiprocessing4j.internal.spawn;

/** What the spawn runtime must do when its JVM exits, after the children were dealt with. */
public final class SpawnRuntime {

    private SpawnRuntime() {}

    /** Closes the control socket and, in the root of the tree, removes the session directory. */
    public static void shutdown() {
        ControlServer.shutdown();
        Session.removeOwned();
    }
}
