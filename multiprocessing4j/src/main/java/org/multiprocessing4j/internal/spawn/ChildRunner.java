package org.multiprocessing4j.internal.spawn;

/**
 * The bridge from the runtime to the public {@code Process} type, which installs itself when its
 * class is initialised (the runtime never depends on the public package's internals).
 */
public interface ChildRunner {

    /** What a child knows of its origin. */
    record ChildInfo(String parentName, long parentPid, byte[] authkey, String startMethod) {}

    /**
     * Makes {@code process} (a decoded {@code Process}) the current process, runs it, prints an
     * uncaught exception under a {@code Process <name>:} header, and returns the exit code.
     */
    int runChild(Object process, ChildInfo info);

    /**
     * Exercises, on a throw-away process object, the decoding and running that
     * {@link #runChild} will do, so that a warm spare has loaded and linked the classes before
     * its real process arrives. Leaves no trace in this JVM's process state.
     */
    void warmUp();

    /**
     * The payload of a process that does nothing, outside any numbering: what a warm spare
     * rehearses with.
     */
    byte[] rehearsalPayload();

    /** The payload of the AOT cache's training run: a process that exercises the message paths. */
    byte[] trainingPayload();

    /** Terminates daemonic children and joins the others, as a process does before it exits. */
    void exitCleanup();

    final class Holder {
        private static volatile ChildRunner runner;

        private Holder() {}

        public static void install(ChildRunner r) {
            runner = r;
        }

        static ChildRunner get() {
            if (runner == null) {
                try {
                    Class.forName("org.multiprocessing4j.Process", true, ChildRunner.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("org.multiprocessing4j.Process is missing", e);
                }
            }
            return runner;
        }
    }
}
