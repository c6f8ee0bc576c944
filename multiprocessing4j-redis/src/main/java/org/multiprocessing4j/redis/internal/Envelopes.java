package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.pool.Chunk;

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
 *   results:&lt;driver&gt;             'R' id '\n' sealed {@link Outcome} ("result"), or 'L' id '\n' party info (lost),
 *                                or for a process 'S' id '\n' "host pid" once started
 *   proc:&lt;id&gt;:signal            'T' (terminate) or 'K' (kill) for the agent running process id
 * </pre>
 */
public final class Envelopes {

    private Envelopes() {}

    public static final String POOL = "pool";
    public static final String TASK = "task";
    public static final String RESULT = "result";
    public static final String PROCESS = "process";

    /** The pool field of a chunk that is a process ({@link ProcessSpec}), not a pool's work. */
    public static final String PROCESS_POOL = "!process";

    /**
     * A {@code Process} of a Redis context, for an agent to start as a local child JVM: what
     * the spawn start method sends a child, plus the driver's class-path fingerprint.
     */
    public record ProcessSpec(String processId, String fingerprint, String name, boolean daemon, byte[] authkey,
                              java.util.List<String> jvmArgs, java.util.Map<String, String> env, byte[] payload,
                              String serializerName, String parentName, String startMethod) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() { // no authkey, no payload
            return "ProcessSpec[" + processId + ", " + name + "]";
        }
    }

    /** The pool's settings, which each agent applies to the local pool it runs the chunks in. */
    public record PoolSpec(String poolId, String fingerprint, SerializableRunnable initializer, int maxTasksPerChild,
                           Duration taskTimeout, long memoryLimit, String[] jvmArgs) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * One chunk: a callable ({@link Chunk.Kind#CALL}, no items), or a function over {@code items}
     * ({@link Chunk.Kind#STARMAP}: a SerializableBiFunction over {@code Object[2]} pairs).
     */
    public record Work(String chunkId, String poolId, Chunk.Kind kind, Object fn, Object[] items) implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        /** How many outcomes the chunk has: one per item, one for a callable. */
        public int size() {
            return kind == Chunk.Kind.CALL ? 1 : items.length;
        }
    }

    /**
     * The loss of a worker as {@code worker} running {@code task}: {@code lost}'s exit code and,
     * when it ran out of memory, its heap limit, so that a loss moved between processes (an
     * agent's local pool, the agent, the driver, which names the task as the user numbers it)
     * reads as on a local pool.
     */
    public static WorkerLostException workerLost(String worker, WorkerLostException lost, String task) {
        return lost.outOfMemory() ? new WorkerLostException(worker, lost.exitCode(), task, lost.heapLimit())
                : new WorkerLostException(worker, lost.exitCode(), task);
    }

    /**
     * A chunk's result: one value or failure per item ({@code failures} null when none failed),
     * or, with {@code whole} set, one failure for every item (the chunk could not be run: its
     * worker died, its pool was refused).
     */
    public record Outcome(String chunkId, Object[] values, Throwable[] failures, Throwable whole) implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        /** The outcome of a chunk that could not be run. */
        public static Outcome failed(String chunkId, Throwable why) {
            return new Outcome(chunkId, null, null, why);
        }
    }
}
