package org.multiprocessing4j.managers;

import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;

import java.util.List;

/**
 * A process pool running in the manager's process ({@code manager.Pool(n)} in CPython): any
 * process with the proxy submits work to it. Tasks must be serialisable; their results and
 * exceptions come back as with {@link org.multiprocessing4j.Pool}.
 *
 * <p>Thread-safe and process-safe.
 */
public interface PoolProxy {

    /** Runs {@code task} on a worker and returns its result. */
    <R> R apply(SerializableCallable<R> task);

    /** Applies {@code function} to every item on the workers; results in order. */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items);

    /** No more tasks; the workers exit when the queued ones are done. */
    void close();

    /** Stops the workers at once. */
    void terminate();

    /** Waits for the workers to exit, after {@link #close()} or {@link #terminate()}. */
    void join();
}
