package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.internal.pool.RemoteTrace;

import java.io.Serial;

/**
 * What an agent hands its local pool for one chunk: the {@link Envelopes.Work}'s bytes, decoded,
 * run and answered as the bytes of an {@link Envelopes.Outcome} (carried as a string, {@link #bytes})
 * inside the local worker JVM. The
 * agent thus never decodes user objects itself. Each item has its own value or failure (as on
 * one machine: {@code imap} yields the good items of a chunk before a failing one), and a
 * task's own exception travels back with its type (or as a {@link RemoteTrace} when it cannot
 * be serialised).
 */
public record ChunkTask(byte[] work) implements SerializableCallable<String> {

    @Serial
    private static final long serialVersionUID = 2L;

    /**
     * The task the agent hands its local pool: a lambda over the work as a Latin-1 string. The
     * pool's link sends a lambda in its compact form, the string inside as a simple value, where
     * this record would go through a JDK object stream on both sides (most of a small task's CPU,
     * LambdaCodec's measurement).
     */
    public static SerializableCallable<String> of(byte[] work) {
        String carried = latin1(work);
        return () -> new ChunkTask(bytes(carried)).call();
    }

    @Override
    public String call() throws InterruptedException {
        var w = Envelopes.Work.decode(work);
        int n = w.size();
        Object[] values = new Object[n];
        Throwable[] failures = null;
        for (int i = 0; i < n; i++) {
            try {
                values[i] = apply(w, i);
            } catch (InterruptedException e) {
                // Only the local pool's task timeout interrupts a pool task: let it see its own
                // interrupt, so the task fails with TaskTimeoutException as on one machine.
                throw e;
            } catch (Exception e) {
                if (failures == null) {
                    failures = new Throwable[n];
                }
                failures[i] = e;
            }
        }
        try {
            return latin1(new Envelopes.Outcome(w.chunkId(), values, failures, null).encode());
        } catch (RuntimeException e) { // a value or an exception that cannot travel
            Throwable[] shipped = new Throwable[n];
            for (int i = 0; i < n; i++) {
                shipped[i] = RemoteTrace.of(failures != null && failures[i] != null ? failures[i] : e);
            }
            return latin1(new Envelopes.Outcome(w.chunkId(), new Object[n], shipped, null).encode());
        }
    }

    /**
     * Bytes as a Latin-1 string (one char per byte): the outcome is the task's value in this
     * form, which the local pool's link writes as a simple value without building Fory (see
     * {@link Envelopes.Frame}); {@link #bytes} turns it back.
     */
    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a string made by {@link #latin1}: the outcome's, from what {@link #call} returned. */
    public static byte[] bytes(String latin1) {
        return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object apply(Envelopes.Work w, int i) throws Exception {
        return switch (w.kind()) {
            case CALL -> ((SerializableCallable<?>) w.fn()).call();
            case MAP -> ((SerializableFunction) w.fn()).apply(w.items()[i]);
            case STARMAP -> {
                var pair = (Object[]) w.items()[i];
                yield ((SerializableBiFunction) w.fn()).apply(pair[0], pair[1]);
            }
        };
    }
}
