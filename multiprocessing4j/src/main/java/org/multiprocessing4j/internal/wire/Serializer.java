package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

/**
 * Turns objects into bytes and back for every channel between processes.
 *
 * <p>Implementations are thread-safe. {@link #encode} fails with a
 * {@link SerializationException} that names the class at fault, so callers can raise in
 * the caller's process before anything is sent. {@link #decode} is only ever applied to bytes
 * that arrived on an authenticated channel.
 */
public interface Serializer {

    /** The name children are told, so both sides of a channel use the same format. */
    String name();

    /** Encodes {@code value} (which may be null). */
    default byte[] encode(Object value) {
        return encode(value, 0);
    }

    /**
     * Encodes {@code value} after {@code room} bytes left free at the start of the array, for
     * a header the caller writes there (simple values are written in place, without a copy).
     */
    byte[] encode(Object value, int room);

    /** Decodes bytes produced by {@link #encode} of the same serializer. */
    default Object decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    /** Decodes the encoding that starts at {@code offset} of {@code bytes} (after a header). */
    Object decode(byte[] bytes, int offset);
}
