package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.wire.Bytes;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.multiprocessing4j.internal.wire.Serializer;

import java.util.Arrays;

/**
 * The pool's own messages on the link to a worker JVM, written by hand around the user's
 * objects, so that a pool whose tasks are a lambda over simple values never builds Fory.
 *
 * <p>Building Fory and generating its serializer code cost a fresh JVM 0.7-1.3 s of CPU
 * (measured 2026-12-07: a worker spent ~2.0 s of CPU before its first task with Fory's generated
 * code for these two records, ~1.45 s with Fory interpreted, ~0.75 s with no Fory at all), and
 * a pool's workers and its parent are fresh JVMs: on two cores that work ran beside the tasks and
 * took most of {@code Pool(2)}'s speed-up. So the records' fields are framed here; the function
 * goes as a process's target does ({@link ProcessPayload}: JDK serialisation when it can, which a
 * fresh JVM decodes quickly, else the process's serializer); items, values and failures go
 * through the process's serializer, whose {@code SimpleCodec} writes the common ones (boxed
 * numbers, strings, arrays of primitives, the JDK's value classes and collections, records and
 * enum constants) without building it. Fory is then built only by a process that meets an
 * object that needs it.
 *
 * <pre>
 *   chunk:  | id (8) | kind (1) | function length (4) | function | items ... |
 *   result: | chunk id (8) | flags (1) | failures length (4) | failures | values ... |
 *           flags: 1 = the worker retires after it, 2 = failures present
 *   init:   | max tasks (4) | memory limit (8) | timeouts (1) | initializer (empty if none) |
 * </pre>
 *
 * The init record goes the same way, for one more reason: an object stream's first use in a JVM
 * initialises the JDK's serialisation filter configuration, which asks for a logger, and a JVM's
 * first logger searches every jar of the class path for a service (see
 * {@code internal.process.ProcessCodec}). A pool without an initializer, or with a lambda for
 * one, starts its workers without that search.
 *
 * The chunk id leads both, so a worker that cannot decode a chunk can still answer for it.
 */
final class ChunkCodec {

    private static final int RETIRING = 1;
    private static final int FAILURES = 2;
    private static final int HEADER = 13;
    private static final Chunk.Kind[] KINDS = Chunk.Kind.values();

    private ChunkCodec() {}

    private static final int INIT_HEADER = 13;

    static byte[] encodeInit(WorkerProtocol.Init init) {
        byte[] initializer = init.initializer() == null ? new byte[0] : ProcessPayload.encode(init.initializer());
        byte[] out = new byte[INIT_HEADER + initializer.length];
        Bytes.putInt(out, 0, init.maxTasks());
        Bytes.putLong(out, 4, init.memoryLimit());
        out[12] = (byte) (init.timeouts() ? 1 : 0);
        System.arraycopy(initializer, 0, out, INIT_HEADER, initializer.length);
        return out;
    }

    /** @throws SerializationException if the record is cut short or its initializer cannot be decoded here */
    static WorkerProtocol.Init decodeInit(byte[] b) {
        if (b.length < INIT_HEADER) {
            throw new SerializationException("a worker's init record of " + b.length + " bytes, cut short", null, null);
        }
        SerializableRunnable initializer = null;
        if (b.length > INIT_HEADER) {
            Object decoded = ProcessPayload.decode(b, INIT_HEADER);
            if (!(decoded instanceof SerializableRunnable r)) {
                throw new SerializationException("a worker's initializer decoded to a "
                        + (decoded == null ? "null" : decoded.getClass().getName()), null, null);
            }
            initializer = r;
        }
        return new WorkerProtocol.Init(initializer, Bytes.getInt(b, 0), Bytes.getLong(b, 4), b[12] != 0);
    }

    static byte[] encode(Chunk chunk, Serializer serializer) {
        byte[] fn = ProcessPayload.encode(chunk.fn());
        byte[] out = serializer.encode(chunk.items(), HEADER + fn.length);
        Bytes.putLong(out, 0, chunk.id());
        out[8] = (byte) chunk.kind().ordinal();
        Bytes.putInt(out, 9, fn.length);
        System.arraycopy(fn, 0, out, HEADER, fn.length);
        return out;
    }

    /** The kind of an encoded chunk, or null if its header is not readable. */
    static Chunk.Kind kind(byte[] encoded) {
        return encoded.length < HEADER || encoded[8] < 0 || encoded[8] >= KINDS.length ? null : KINDS[encoded[8]];
    }

    /** The id of an encoded chunk, readable even when the rest is not. */
    static long chunkId(byte[] encoded) {
        return Bytes.getLong(encoded, 0);
    }

    static Chunk decodeChunk(byte[] b, Serializer serializer) {
        int fnLength = header(b, "chunk");
        int kind = b[8];
        if (kind < 0 || kind >= KINDS.length) {
            throw corrupt("a chunk of unknown kind " + kind);
        }
        Object fn = ProcessPayload.decode(Arrays.copyOfRange(b, HEADER, HEADER + fnLength));
        Object[] items = (Object[]) serializer.decode(b, HEADER + fnLength);
        return new Chunk(chunkId(b), KINDS[kind], fn, items);
    }

    /** @throws SerializationException if a value or a failure cannot be serialised */
    static byte[] encode(ChunkResult r, Serializer serializer) {
        byte[] failures = r.failures() == null ? new byte[0] : ProcessPayload.encode(r.failures());
        byte[] out = serializer.encode(r.values(), HEADER + failures.length);
        Bytes.putLong(out, 0, r.chunkId());
        out[8] = (byte) ((r.retiring() ? RETIRING : 0) | (r.failures() != null ? FAILURES : 0));
        Bytes.putInt(out, 9, failures.length);
        System.arraycopy(failures, 0, out, HEADER, failures.length);
        return out;
    }

    static ChunkResult decodeResult(byte[] b, Serializer serializer) {
        int failuresLength = header(b, "result");
        int flags = b[8];
        Throwable[] failures = (flags & FAILURES) == 0 ? null
                : (Throwable[]) ProcessPayload.decode(Arrays.copyOfRange(b, HEADER, HEADER + failuresLength));
        Object[] values = (Object[]) serializer.decode(b, HEADER + failuresLength);
        return new ChunkResult(chunkId(b), values, failures, (flags & RETIRING) != 0);
    }

    /** Checks the fixed header and returns the length of the part that follows it. */
    private static int header(byte[] b, String what) {
        if (b.length < HEADER) {
            throw corrupt("a " + what + " of " + b.length + " bytes, shorter than its " + HEADER + "-byte header");
        }
        int length = Bytes.getInt(b, 9);
        if (length < 0 || length > b.length - HEADER) {
            throw corrupt("a " + what + " of " + b.length + " bytes announcing a part of " + length);
        }
        return length;
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("corrupt pool message: " + what, null, null);
    }
}
