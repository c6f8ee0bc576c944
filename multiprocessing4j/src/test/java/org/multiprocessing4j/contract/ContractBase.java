package org.multiprocessing4j.contract;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The base of every contract suite: one backend per class (a manager is started once), and
 * helpers to run code in another process of the backend. Children report a broken expectation
 * by failing (exit code 1, the trace on their stderr); the parent asserts exit code 0. Leftover
 * processes are checked once the class is done (a manager's server is a child while it runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoLeakedSegments.class)
public abstract class ContractBase {

    static final Duration LIMIT = Delays.seconds(30);
    /** Long enough that a wrong implementation would have acted; never a synchronisation. */
    static final Duration SHORT = Duration.ofMillis(50);

    protected ContractBackend backend;

    /** The implementation under test. */
    protected abstract ContractBackend newBackend();

    @BeforeAll
    void openBackend() {
        backend = newBackend();
    }

    @AfterAll
    void closeBackend() {
        try {
            backend.close();
        } finally {
            NoLeftoverProcesses.check(getClass().getSimpleName());
        }
    }

    /** Runs {@code target} in a new process of the backend and expects it to succeed. */
    protected void inChild(SerializableRunnable target) {
        var p = backend.process(target);
        p.start();
        try {
            assertTrue(p.join(LIMIT), "the child did not finish within " + LIMIT);
            assertEquals(0, p.exitCode(), "the child failed (its trace is on stderr)");
        } finally {
            if (p.isAlive()) {
                p.kill();
                p.join(LIMIT);
            }
            p.close();
        }
    }

    /** Starts {@code call} on another thread of this process. */
    static <T> CompletableFuture<T> onThread(Supplier<T> call) {
        return running(call).result();
    }

    /** A call on another thread of this process, which a test may interrupt. */
    record Running<T>(Thread thread, CompletableFuture<T> result) {}

    static <T> Running<T> running(Supplier<T> call) {
        var f = new CompletableFuture<T>();
        var t = Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(call.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new Running<>(t, f);
    }

    /**
     * The outcome of a call that was interrupted while (or before) it waited: true if it
     * completed anyway (its effect happened), false if it threw {@link InterruptedWaitException}
     * (it had no effect); in both cases the interrupt was kept.
     */
    static boolean completedDespiteInterrupt(Running<?> call) {
        try {
            await(call.result());
            return true;
        } catch (InterruptedWaitException e) {
            return false;
        }
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("no outcome within " + LIMIT, e);
        }
    }

    /** Fails in a child: the parent sees exit code 1. */
    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
