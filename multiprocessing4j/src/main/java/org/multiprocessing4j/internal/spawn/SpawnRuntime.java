package org.multiprocessing4j.internal.spawn;

/** What the spawn runtime must do when its JVM exits, after the children were dealt with. */
public final class SpawnRuntime {

    private static volatile boolean exitHook;

    private SpawnRuntime() {}

    /** Called once the JVM has a shutdown hook that will call {@link #shutdown()}. */
    public static void exitHookInstalled(boolean installed) {
        exitHook = installed;
    }

    /**
     * Whether a shutdown hook will call {@link #shutdown()} (after joining the children), so
     * that other exit hooks must leave the session directory to it.
     */
    public static boolean exitHookInstalled() {
        return exitHook;
    }

    /** Closes the control socket and, in the root of the tree, removes the session directory. */
    public static void shutdown() {
        ControlServer.shutdown();
        Session.removeOwned();
    }
}
