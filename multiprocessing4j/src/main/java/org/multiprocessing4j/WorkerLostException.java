package org.multiprocessing4j;

/**
 * The pool worker running this task died before finishing it (crash, {@code System.exit},
 * {@code OutOfMemoryError}, {@code kill -9}). Only this task failed; the pool replaced the worker.
 */
public class WorkerLostException extends MultiprocessingException {

    private final int exitCode;
    private final String worker;

    public WorkerLostException(String worker, int exitCode, String task) {
        super("worker " + worker + " died while running " + task + " (" + describe(exitCode) + ")");
        this.exitCode = exitCode;
        this.worker = worker;
    }

    /** The worker's exit code: {@code -N} for signal N, as {@link Process#exitCode()}. */
    public int exitCode() {
        return exitCode;
    }

    /** The name of the worker process. */
    public String worker() {
        return worker;
    }

    static String describe(int exitCode) {
        if (exitCode < 0) {
            return "killed by signal " + -exitCode;
        }
        return "exit code " + exitCode + (exitCode == 3 ? "; a worker JVM also exits with 3 on OutOfMemoryError" : "");
    }
}
