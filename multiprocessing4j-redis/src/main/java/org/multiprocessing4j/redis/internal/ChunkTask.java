package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.internal.pool.RemoteTrace;

import java.io.Serial;

/**
 * What an agent hands its local pool for one chunk: the {@link Envelopes.Work}'s bytes, decoded,
 * run and answered as the bytes of an {@link Envelopes.Outcome} inside the local worker JVM. The
 * agent thus never decodes user objects itself. Each item has its own value or failure (as on
 * one machine: {@code imap} yields the good items of a chunk before a failing one), and a
 * task's own exception travels back with its type (or as a {@link RemoteTrace} when it cannot
 * be serialised).
 */
public record ChunkTask(byte[] work) implements SerializableCallable<byte[]> {

    @Serial
    private static final long serialVersionUID = 2L;

    /**
     * The task the agent hands its local pool: a lambda over the work's bytes. The pool's link
     * sends a lambda in its compact form, the bytes inside as a simple value, where this record
     * would go through a JDK object stream on both sides (most of a small task's CPU,
     * LambdaCodec's measurement); the outcome's bytes come back as a simple value too.
     */
    public static SerializableCallable<byte[]> of(byte[] work) {
        return () -> new ChunkTask(work).call();
    }

    @Override
    public byte[] call() throws InterruptedException {
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
            return new Envelopes.Outcome(w.chunkId(), values, failures, null).encode();
        } catch (RuntimeException e) { // a value or an exception that cannot travel
            Throwable[] shipped = new Throwable[n];
            for (int i = 0; i < n; i++) {
                shipped[i] = RemoteTrace.of(failures != null && failures[i] != null ? failures[i] : e);
            }
            return new Envelopes.Outcome(w.chunkId(), new Object[n], shipped, null).encode();
        }
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
