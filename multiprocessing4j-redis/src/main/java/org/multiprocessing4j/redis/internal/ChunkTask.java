package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.internal.pool.RemoteTrace;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.Serial;

/**
 * What an agent hands its local pool for one chunk: the {@link Envelopes.Work}'s bytes, decoded,
 * run and answered as the bytes of an {@link Envelopes.Outcome} inside the local worker JVM. The
 * agent thus never decodes user objects itself, and a task's own exception travels back with its
 * type (or as a {@link RemoteTrace} when it cannot be serialised).
 */
public record ChunkTask(byte[] work) implements SerializableCallable<byte[]> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] call() throws InterruptedException {
        var s = Serializers.get();
        var w = (Envelopes.Work) s.decode(work);
        Object[] values;
        Throwable failure = null;
        try {
            values = switch (w.kind()) {
                case Envelopes.Work.CALL -> new Object[] {((SerializableCallable<?>) w.fn()).call()};
                case Envelopes.Work.MAP -> {
                    var fn = (SerializableFunction) w.fn();
                    Object[] out = new Object[w.items().length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = fn.apply(w.items()[i]);
                    }
                    yield out;
                }
                default -> {
                    var fn = (SerializableBiFunction) w.fn();
                    Object[] out = new Object[w.items().length];
                    for (int i = 0; i < out.length; i++) {
                        var pair = (Object[]) w.items()[i];
                        out[i] = fn.apply(pair[0], pair[1]);
                    }
                    yield out;
                }
            };
        } catch (InterruptedException e) {
            // Only the local pool's task timeout interrupts a pool task: let it see its own
            // interrupt, so the task fails with TaskTimeoutException as on one machine.
            throw e;
        } catch (Exception e) {
            values = null;
            failure = e;
        }
        try {
            return s.encode(new Envelopes.Outcome(w.chunkId(), values, failure));
        } catch (RuntimeException e) {
            Throwable shipped = failure != null ? RemoteTrace.of(failure) : RemoteTrace.of(e);
            return s.encode(new Envelopes.Outcome(w.chunkId(), null, shipped));
        }
    }
}
