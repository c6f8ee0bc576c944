package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.RemoteExecutionException;

import java.io.Serial;

/**
 * A task of a pool threw: "item 2 failed in SpawnPoolWorker-3: java.lang.IllegalStateException:
 * boom", the cause being the task's own exception. Keeps which task it was, as the user numbers
 * it, for the marker frame of an exception re-thrown in the caller.
 */
final class TaskFailure extends RemoteExecutionException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String task;

    TaskFailure(String remoteClassName, String task, String worker, Throwable cause) {
        super(remoteClassName, task + " failed in " + worker + ": " + cause, cause);
        this.task = task;
    }

    /** "task 2", "item 7": which task failed. */
    String task() {
        return task;
    }
}
