package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableRunnable;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * What travels between a driver (a context's pool) and the agents, each sealed with the
 * session's authkey ({@link Codec#seal}) under its own purpose, so that one kind of envelope
 * cannot be replayed as another.
 *
 * <pre>
 *   key                          value                                  written by   read by
 *   pool:&lt;pool id&gt;               sealed {@link PoolSpec} ("pool")        driver       agents
 *   tasks                        chunk ids, FIFO                         driver       agents (BLMOVE → inflight)
 *   chunk:&lt;id&gt;                   hash env = sealed {@link Work} ("task"), driver, pool, retries, attempts
 *   inflight:&lt;agent&gt;             chunk ids the agent is running         agents       reaper, ack
 *   results:&lt;driver&gt;             'R' id '\n' sealed {@link Outcome} ("result"), or 'L' id '\n' party info (lost)
 * </pre>
 */
public final class Envelopes {

    private Envelopes() {}

    public static final String POOL = "pool";
    public static final String TASK = "task";
    public static final String RESULT = "result";

    /** The pool's settings, which each agent applies to the local pool it runs the chunks in. */
    public record PoolSpec(String poolId, String fingerprint, SerializableRunnable initializer, int maxTasksPerChild,
                           Duration taskTimeout, long memoryLimit, String[] jvmArgs) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * One chunk: {@code kind} CALL ({@code fn} a SerializableCallable, no items), MAP ({@code fn} a
     * SerializableFunction over {@code items}) or STARMAP ({@code fn} a SerializableBiFunction over {@code Object[2]} pairs).
     */
    public record Work(String chunkId, String poolId, int kind, Object fn, Object[] items) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        public static final int CALL = 0;
        public static final int MAP = 1;
        public static final int STARMAP = 2;
    }

    /** A chunk's result: its values in order, or the first failure. */
    public record Outcome(String chunkId, Object[] values, Throwable failure) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
