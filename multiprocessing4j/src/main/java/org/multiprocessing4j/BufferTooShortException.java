package org.multiprocessing4j;

/**
 * A message did not fit in the buffer given to {@link Connection#recvBytesInto(byte[], int)}
 * (Python's {@code multiprocessing.BufferTooShort}). The message was consumed: {@link #bytes()}
 * holds all of it, and the connection stays usable for the next message.
 */
public class BufferTooShortException extends MultiprocessingException {

    private final transient byte[] message;

    /** @param message the whole message that did not fit; kept, not copied */
    public BufferTooShortException(String description, byte[] message) {
        super(description);
        this.message = message;
    }

    /** The whole message that did not fit (the array itself, not a copy). */
    public byte[] bytes() {
        return message;
    }
}
