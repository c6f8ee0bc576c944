package org.multiprocessing4j.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * Length-prefixed frames over a blocking byte channel (a socket).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 length of type + payload (big endian)          |
 *  +---------------+-----------------------------------------------+
 *  |     type      |  payload ...                                  |
 *  +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p>Writes are serialised by a lock so several threads may send; one thread reads. A length
 * above the current limit is refused before anything is allocated, which is what keeps a peer
 * that has not yet authenticated from making us allocate or decode anything large.
 */
public final class FrameChannel implements AutoCloseable {

    /** Limit while the peer is not yet authenticated. */
    public static final int UNAUTHENTICATED_LIMIT = 4096;

    public record Frame(byte type, byte[] payload) {}

    private final ByteChannel channel;
    private final Object writeLock = new Object();
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private volatile int maxFrameLength = UNAUTHENTICATED_LIMIT;

    public FrameChannel(ByteChannel channel) {
        this.channel = channel;
    }

    /** The channel the frames travel on. */
    public ByteChannel channel() {
        return channel;
    }

    /** Raises the length limit, once the peer has authenticated. */
    public void setMaxFrameLength(int limit) {
        this.maxFrameLength = limit;
    }

    public void write(byte type, byte[] payload) throws IOException {
        var buf = ByteBuffer.allocate(5 + payload.length);
        buf.putInt(1 + payload.length).put(type).put(payload).flip();
        synchronized (writeLock) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    /** Reads one frame; {@link EOFException} when the peer closed between frames or mid-frame. */
    public Frame read() throws IOException {
        header.clear();
        readFully(header);
        header.flip();
        int length = header.getInt();
        byte type = header.get();
        if (length < 1 || length > maxFrameLength) {
            throw new IOException("frame length out of range: length=" + length + ", limit=" + maxFrameLength);
        }
        var payload = ByteBuffer.allocate(length - 1);
        readFully(payload);
        return new Frame(type, payload.array());
    }

    private void readFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new EOFException("peer closed the channel");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
