package org.multiprocessing4j;

/**
 * The pool worker running this task died before finishing it (crash, {@code System.exit},
 * {@code OutOfMemoryError}, {@code kill -9}). Only this task failed; the pool replaced the worker.
 *
 * <p>A worker that ran out of memory is told apart from one whose task called
 * {@code System.exit(3)} (workers run with {@code -XX:+ExitOnOutOfMemoryError}, which also
 * exits with 3, but without going through the JVM's exit): {@link #outOfMemory()} is true and
 * the message says so and gives the worker's heap limit. (A task that calls
 * {@code Runtime.halt(3)}, which skips the exit too, is reported the same way.)
 */
public class WorkerLostException extends MultiprocessingException {

    private final int exitCode;
    private final String worker;
    private final boolean outOfMemory;
    private final String heapLimit;

    public WorkerLostException(String worker, int exitCode, String task) {
        super("worker " + worker + " died while running " + task + " (" + describe(exitCode) + ")");
        this.exitCode = exitCode;
        this.worker = worker;
        this.outOfMemory = false;
        this.heapLimit = null;
    }

    /**
     * A worker that ran out of memory ({@code OutOfMemoryError}) while running {@code task}.
     *
     * @param heapLimit the worker's heap limit as its command line set it ({@code -Xmx64m}), or
     *        words saying it had the JVM's default
     */
    public WorkerLostException(String worker, int exitCode, String task, String heapLimit) {
        super("worker " + worker + " ran out of memory (OutOfMemoryError) while running " + task
                + "; its heap limit: " + heapLimit + " (exit code " + exitCode
                + "): give the workers more heap (the pool's memoryLimit, or -Xmx in jvmArgs) or make the task use less");
        this.exitCode = exitCode;
        this.worker = worker;
        this.outOfMemory = true;
        this.heapLimit = heapLimit;
    }

    /** The worker's exit code: {@code -N} for signal N, as {@link Process#exitCode()}. */
    public int exitCode() {
        return exitCode;
    }

    /** The name of the worker process. */
    public String worker() {
        return worker;
    }

    /** Whether the worker died of an {@code OutOfMemoryError}. */
    public boolean outOfMemory() {
        return outOfMemory;
    }

    /**
     * The worker's heap limit as the message of an {@link #outOfMemory()} loss gives it
     * ({@code -Xmx64m}, or words saying it had the JVM's default); null when the worker did not
     * run out of memory. A backend that moves the loss to another process rebuilds the exception
     * from it.
     */
    public String heapLimit() {
        return heapLimit;
    }

    static String describe(int exitCode) {
        if (exitCode < 0) {
            return "killed by signal " + -exitCode;
        }
        return "exit code " + exitCode;
    }
}
