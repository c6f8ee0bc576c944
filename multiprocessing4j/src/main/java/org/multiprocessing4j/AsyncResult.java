package org.multiprocessing4j;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The result of a task submitted to a {@link Pool} without waiting (Python's
 * {@code AsyncResult}). Thread-safe; it lives in the process that submitted the task.
 *
 * <p>As a {@link Future}, {@link #get()} and {@link #get(long, java.util.concurrent.TimeUnit)}
 * keep the checked {@link java.util.concurrent.ExecutionException}, whose cause is the task's
 * own exception (or {@link WorkerLostException}, {@link TaskTimeoutException},
 * {@link BrokenPoolException}, {@link SerializationException} when the task did not end by
 * itself). Tasks cannot be cancelled: {@code cancel} returns false.
 *
 * <p>Memory consistency: everything the task did before returning, as far as it is visible in
 * the returned value, happens-before a successful {@code get} returns it.
 */
public interface AsyncResult<V> extends Future<V> {

    /**
     * Waits at most {@code timeout} (null: no limit) for the result, Python style.
     *
     * <p>A task that threw an unchecked exception (a {@code RuntimeException} or an
     * {@code Error}) makes this throw that exception itself, as CPython re-raises it: its stack
     * trace is the worker's frames, a {@code <pool worker>.call} marker frame naming the task
     * ({@code at <pool worker>.call(item 2)}, numbered as {@link Pool} says), then the frames of
     * this call.
     *
     * @throws WaitTimeoutException if it is not ready in time; the call may be retried
     * @throws RemoteExecutionException if the task threw a checked exception (the cause is that
     *         exception, with the remote stack trace), or one whose class could not travel back
     *         (the cause is a stand-in with its class name, message and trace)
     * @throws WorkerLostException if the worker died while running it
     * @throws TaskTimeoutException if it exceeded the pool's task timeout
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    V get(Duration timeout);

    /** Whether the task has completed, successfully or not. */
    boolean ready();

    /**
     * Whether the task completed without an exception.
     *
     * @throws IllegalStateException if it is not ready yet
     */
    boolean successful();

    /** Waits at most {@code timeout} (null: no limit) until ready; returns {@link #ready()}. */
    boolean waitFor(Duration timeout);
}
