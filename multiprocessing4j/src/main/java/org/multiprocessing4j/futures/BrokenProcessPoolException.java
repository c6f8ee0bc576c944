package org.multiprocessing4j.futures;

import org.multiprocessing4j.BrokenPoolException;

/**
 * The executor can no longer run tasks (Python's {@code BrokenProcessPool}): its workers kept
 * dying before they could take a task, or it was shut down with {@code shutdownNow()} while
 * this task was running. Unlike CPython, one worker dying in a task breaks nothing: that task
 * alone fails with {@link org.multiprocessing4j.WorkerLostException}.
 */
public class BrokenProcessPoolException extends BrokenPoolException {

    public BrokenProcessPoolException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
