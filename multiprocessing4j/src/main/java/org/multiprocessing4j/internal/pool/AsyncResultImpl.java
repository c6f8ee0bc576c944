package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.RemoteExecutionException;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.internal.spawn.Popen;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An {@link AsyncResult} completed once by the pool's result thread, which first runs the
 * user's callback (as CPython does: the callback has run when the result becomes ready). A
 * callback that throws is logged; it does not change the result.
 */
public final class AsyncResultImpl<V> implements AsyncResult<V> {

    private static final System.Logger LOG = LazyLogger.of(AsyncResultImpl.class);

    /** The marker between a task exception's own frames and its caller's. */
    private static final String WORKER_FRAMES = "<pool worker>";

    private final CompletableFuture<V> future = new CompletableFuture<>();
    private final Consumer<? super V> callback;
    private final Consumer<? super Throwable> errorCallback;

    public AsyncResultImpl(Consumer<? super V> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    public void succeed(V value) {
        if (callback != null) {
            try {
                callback.accept(value);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a result callback threw", e);
            }
        }
        future.complete(value);
    }

    public void fail(Throwable error) {
        if (errorCallback != null) {
            try {
                errorCallback.accept(error);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an error callback threw", e);
            }
        }
        future.completeExceptionally(error);
    }

    @Override
    public V get(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new WaitTimeoutException("the result is not ready after " + timeout);
        }
        try {
            return future.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    @Override
    public boolean waitFor(Duration timeout) {
        try {
            return Popen.awaitDone(future, timeout);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for a pool result", e);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw executionException(e.getCause());
        }
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return future.get(timeout, unit);
        } catch (ExecutionException e) {
            throw executionException(e.getCause());
        }
    }

    /** {@code Future.get}'s exception: the task's own as the cause, and which task it was in the message. */
    private static ExecutionException executionException(Throwable t) {
        Throwable cause = remoteCause(t);
        return cause != t ? new ExecutionException(t.getMessage(), cause) : new ExecutionException(cause);
    }

    /** For a task's own exception, the exception itself; otherwise what the pool reported. */
    static Throwable remoteCause(Throwable t) {
        return t instanceof RemoteExecutionException r && r.getCause() != null ? r.getCause() : t;
    }

    static RuntimeException unchecked(Throwable t) {
        return t instanceof RuntimeException r ? r : new MultiprocessingException("the task failed: " + t, t);
    }

    /**
     * What a Python-style wait throws for the failure {@code t} (CPython re-raises the task's
     * exception): a task's own unchecked exception as itself (an {@code Error} is thrown from
     * here), its trace the worker's frames, a {@code <pool worker>.call} marker, then the
     * caller's; a checked one, or one whose class could not travel back, stays wrapped in
     * {@link RemoteExecutionException}; what the pool reported (a lost worker, a timeout) as is.
     */
    static RuntimeException rethrown(Throwable t) {
        if (t instanceof RemoteExecutionException r && !(r.getCause() instanceof RemoteTrace)) {
            String task = r instanceof TaskFailure f ? f.task() : null;
            if (r.getCause() instanceof RuntimeException own) {
                return RemoteTrace.withCallerFrames(own, WORKER_FRAMES, task);
            }
            if (r.getCause() instanceof Error own) {
                throw RemoteTrace.withCallerFrames(own, WORKER_FRAMES, task);
            }
        }
        return unchecked(t);
    }
}
