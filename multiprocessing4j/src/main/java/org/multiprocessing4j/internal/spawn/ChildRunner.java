package org.multiprocessing4j.internal.spawn;

/**
 * What the runtime needs of the process model above it (the child bootstrap of
 * {@code internal.process}), so that it never depends on that layer: running a decoded process
 * in a child, the payload the AOT cache trains with, and the main
 * class that installs the runner in a child JVM. The layer above installs it in every JVM that
 * starts or is a child (see {@link Holder}).
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
     * Decodes a payload made by the process model ({@code Process}'s payload, or
     * {@link #trainingPayload}).
     *
     * @throws RuntimeException if it cannot
     */
    Object decode(byte[] payload);

    /** Whether {@link #decode} of {@code payload} reads a JDK object stream. */
    boolean needsObjectStream(byte[] payload);

    /** The payload of the AOT cache's training run: a process that exercises the message paths. */
    byte[] trainingPayload();

    /** Terminates daemonic children and joins the others, as a process does before it exits. */
    void exitCleanup();

    /**
     * The main class of a child JVM: it installs this runner, then calls
     * {@link ChildMain#main(String[])}.
     */
    Class<?> mainClass();

    /** The runner of this JVM, installed before the first child is launched or run. */
    final class Holder {
        private static volatile ChildRunner runner;

        private Holder() {}

        public static void install(ChildRunner r) {
            runner = r;
        }

        /** @throws IllegalStateException if none was installed */
        static ChildRunner get() {
            ChildRunner r = runner;
            if (r == null) {
                throw new IllegalStateException("no ChildRunner installed: the process model (internal.process) "
                        + "installs one before this JVM launches or runs a child");
            }
            return r;
        }
    }
}
