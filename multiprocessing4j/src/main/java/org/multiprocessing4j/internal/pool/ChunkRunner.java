package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;

import java.io.Serial;

/**
 * Runs chunks on the calling thread, one at a time, and lets another thread stop the current
 * one for a timeout: {@link #abandon(long)} interrupts it, and the items the chunk had not
 * finished come back as {@link Abandoned}, which the pool reports as a timeout.
 */
final class ChunkRunner {

    /** Marks an item that was stopped by {@link #abandon(long)}. */
    static final class Abandoned extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("abandoned: task timeout", null, false, false);
        }
    }

    private final Object guard = new Object();
    private long current = -1;             // guarded by guard
    private Thread thread;                 // guarded by guard
    private volatile boolean abandoned;

    ChunkResult run(Chunk chunk, boolean retiring) {
        int n = chunk.size();
        Object[] values = new Object[n];
        Throwable[] failures = null;
        synchronized (guard) {
            thread = Thread.currentThread();
            abandoned = false;
            current = chunk.id();
        }
        try {
            for (int i = 0; i < n; i++) {
                if (abandoned) {
                    failures = fail(failures, n, i, new Abandoned());
                    continue;
                }
                try {
                    values[i] = apply(chunk, i);
                } catch (Throwable t) {
                    failures = fail(failures, n, i, abandoned ? new Abandoned() : t);
                }
            }
        } finally {
            synchronized (guard) {
                current = -1;
                thread = null;
            }
            // No interrupt for this chunk can come after the block above: clearing the flag now
            // leaves the thread clean for the next chunk, or for reading the worker's link.
            Thread.interrupted();
        }
        return new ChunkResult(chunk.id(), values, failures, retiring);
    }

    /** Stops chunk {@code chunkId} if it is the one running. */
    void abandon(long chunkId) {
        synchronized (guard) {
            if (current == chunkId && thread != null) {
                abandoned = true;
                thread.interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object apply(Chunk chunk, int i) throws Exception {
        return switch (chunk.kind()) {
            case CALL -> ((SerializableCallable<Object>) chunk.fn()).call();
            case MAP -> ((SerializableFunction<Object, Object>) chunk.fn()).apply(chunk.items()[i]);
            case STARMAP -> {
                Object[] args = (Object[]) chunk.items()[i];
                yield ((SerializableBiFunction<Object, Object, Object>) chunk.fn()).apply(args[0], args[1]);
            }
        };
    }

    private static Throwable[] fail(Throwable[] failures, int n, int i, Throwable t) {
        Throwable[] f = failures != null ? failures : new Throwable[n];
        f[i] = t;
        return f;
    }
}
