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
    byte[] encode(Object value);

    /** Decodes bytes produced by {@link #encode} of the same serializer. */
    Object decode(byte[] bytes);
}
