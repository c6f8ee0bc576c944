package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.pool.Chunk;
import org.multiprocessing4j.internal.wire.Bytes;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * What travels between a driver (a context's pool) and the agents, each sealed with the
 * session's authkey ({@link Codec#seal}) under its own purpose, so that one kind of envelope
 * cannot be replayed as another.
 *
 * <pre>
 *   key                          value                                  written by   read by
 *   pool:&lt;pool id&gt;               sealed {@link PoolSpec} ("pool")        driver       agents
 *   tasks                        task elements, FIFO: chunk id '\n' pool id '\n' sealed {@link Work} ("task")
 *                                ({@link TaskElement})                   driver       agents (BLMOVE → inflight)
 *   chunk:&lt;id&gt;                   hash driver, pool, retries, attempts   driver       reaper, ack, retry
 *   inflight:&lt;agent&gt;             task elements the agent is running     agents       reaper, ack
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
     * An element of the tasks and in-flight lists: {@code <chunk id> '\n' <pool id> '\n'
     * <sealed work>}, so that the agent's BLMOVE brings it all the chunk needs (the chunk's hash
     * holds only what the ack, the retry and the reaper need). The ids are outside the seal, as
     * they were in the hash: the agent trusts only the sealed work. The element itself is what
     * the fenced scripts look for in the in-flight list, so {@link #bytes} is kept as popped.
     */
    public record TaskElement(String chunkId, String poolId, byte[] sealed, byte[] bytes) {

        public static TaskElement of(String chunkId, String poolId, byte[] sealed) {
            byte[] head = (chunkId + "\n" + poolId + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(head, head.length + sealed.length);
            System.arraycopy(sealed, 0, bytes, head.length, sealed.length);
            return new TaskElement(chunkId, poolId, sealed, bytes);
        }

        /** Splits an element popped from the tasks list. */
        public static TaskElement parse(byte[] bytes) {
            int a = indexOf(bytes, 0);
            int b = a < 0 ? -1 : indexOf(bytes, a + 1);
            if (b < 0) {
                throw new IllegalArgumentException("malformed task element (" + bytes.length + " bytes, no chunk and pool id)");
            }
            return new TaskElement(new String(bytes, 0, a, StandardCharsets.UTF_8),
                    new String(bytes, a + 1, b - a - 1, StandardCharsets.UTF_8), Arrays.copyOfRange(bytes, b + 1, bytes.length), bytes);
        }

        private static int indexOf(byte[] b, int from) {
            for (int i = from; i < b.length; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

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
        private static final Chunk.Kind[] KINDS = Chunk.Kind.values();

        /** How many outcomes the chunk has: one per item, one for a callable. */
        public int size() {
            return kind == Chunk.Kind.CALL ? 1 : items.length;
        }

        /** The work's bytes (before sealing): {@code | kind (1) | chunk id | pool id | function | items |}, see {@link Frame}. */
        public byte[] encode() {
            return Frame.encode((byte) kind.ordinal(), items, utf8(chunkId), utf8(poolId), ProcessPayload.encode(fn));
        }

        /** Decodes what {@link #encode} wrote (once its seal checked). */
        public static Work decode(byte[] bytes) {
            var f = new Frame(bytes);
            if (f.first() < 0 || f.first() >= KINDS.length) {
                throw Frame.corrupt("work of unknown kind " + f.first());
            }
            String chunkId = f.string();
            String poolId = f.string();
            Object fn = ProcessPayload.decode(f.part());
            return new Work(chunkId, poolId, KINDS[f.first()], fn, (Object[]) f.rest());
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

        /**
         * The outcome's bytes (before sealing): {@code | 0 (1) | chunk id | failures | values |}, the
         * failures (and {@code whole}) empty when there are none, see {@link Frame}.
         *
         * @throws org.multiprocessing4j.SerializationException if a value or a failure cannot be serialised
         */
        public byte[] encode() {
            byte[] failed = failures == null && whole == null ? new byte[0] : ProcessPayload.encode(new Object[] {failures, whole});
            return Frame.encode((byte) 0, values, utf8(chunkId), failed);
        }

        /** Decodes what {@link #encode} wrote (once its seal checked). */
        public static Outcome decode(byte[] bytes) {
            var f = new Frame(bytes);
            String chunkId = f.string();
            byte[] failed = f.part();
            Object[] values = (Object[]) f.rest();
            if (failed.length == 0) {
                return new Outcome(chunkId, values, null, null);
            }
            var both = (Object[]) ProcessPayload.decode(failed);
            return new Outcome(chunkId, values, (Throwable[]) both[0], (Throwable) both[1]);
        }
    }

    /**
     * The framing of {@link Work} and {@link Outcome}, written by hand around the user's objects
     * as the local pool frames its chunks ({@code ChunkCodec}), so that the agents' worker JVMs
     * never build Fory for a task over simple values: building it costs a fresh JVM 0.7-1.3 s of
     * CPU, and running its interpreted serializers keeps the JIT busy for thousands of chunks
     * after (on two cores, beside the round trips). A first byte, then parts each
     * {@code length (4) ‖ bytes}, then the rest: items or values through the process's serializer
     * (its SimpleCodec writes boxed numbers, strings, arrays of primitives, the JDK's value
     * classes and collections, records and enum constants without Fory). Functions and failures
     * go as a process's target does ({@link ProcessPayload}: a lambda's compact form, else JDK
     * serialisation, else the serializer).
     */
    static final class Frame {
        private final byte[] b;
        private int at = 1;

        Frame(byte[] b) {
            if (b.length < 1) {
                throw corrupt("an empty envelope body");
            }
            this.b = b;
        }

        static byte[] encode(byte first, Object rest, byte[]... parts) {
            int head = 1;
            for (byte[] p : parts) {
                head += 4 + p.length;
            }
            byte[] out = Serializers.get().encode(rest, head);
            out[0] = first;
            int at = 1;
            for (byte[] p : parts) {
                Bytes.putInt(out, at, p.length);
                System.arraycopy(p, 0, out, at + 4, p.length);
                at += 4 + p.length;
            }
            return out;
        }

        int first() {
            return b[0];
        }

        byte[] part() {
            int n = at + 4 <= b.length ? Bytes.getInt(b, at) : -1;
            if (n < 0 || n > b.length - at - 4) {
                throw corrupt("a part of " + n + " bytes at " + at + " in " + b.length);
            }
            at += 4 + n;
            return Arrays.copyOfRange(b, at - n, at);
        }

        String string() {
            return new String(part(), StandardCharsets.UTF_8);
        }

        Object rest() {
            return Serializers.get().decode(b, at);
        }

        static org.multiprocessing4j.SerializationException corrupt(String what) {
            return new org.multiprocessing4j.SerializationException("corrupt envelope: " + what, null, null);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
