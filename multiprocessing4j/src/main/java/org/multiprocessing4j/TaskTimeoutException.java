package org.multiprocessing4j;

import java.time.Duration;

/** A pool task ran longer than the pool's {@code taskTimeout} and was stopped. */
public class TaskTimeoutException extends MultiprocessingException {

    public TaskTimeoutException(String task, Duration limit) {
        super(task + " exceeded the task timeout of " + limit + " and was stopped");
    }
}
