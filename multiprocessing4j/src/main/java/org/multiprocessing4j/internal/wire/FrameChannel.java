package org.multiprocessing4j.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;

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
 *
 * <p>A read takes exactly one frame's bytes from the channel (a header, then the payload), so
 * that after a handshake the channel can be handed to code that reads it directly, unless
 * {@link #readAhead()} was called: then a read takes whatever the channel has, up to
 * {@link #READ_AHEAD} bytes, and the next reads start from there, which saves a system call per
 * frame on a link that only this object reads (a pool's link to its worker: two frames per task).
 */
public final class FrameChannel implements AutoCloseable {

    /** Limit while the peer is not yet authenticated. */
    public static final int UNAUTHENTICATED_LIMIT = 4096;

    /** The most bytes {@link #readAhead()} takes ahead of the frame being read. */
    static final int READ_AHEAD = 16 * 1024;

    public record Frame(byte type, byte[] payload) {}

    private final ByteChannel channel;
    private final Object writeLock = new Object();
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private volatile int maxFrameLength = UNAUTHENTICATED_LIMIT;
    /** Bytes read from the channel and not yet returned, in read mode; null: no read-ahead. Reader's only. */
    private ByteBuffer ahead;

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
        if (payload.length >= GATHER_FROM && channel instanceof GatheringByteChannel gathering) {
            // A large payload goes as it is, behind its header, instead of being copied into one
            // buffer first: a pool's chunk or result of 25 000 numbers is ~125 KB.
            var head = ByteBuffer.allocate(5).putInt(1 + payload.length).put(type).flip();
            var parts = new ByteBuffer[] {head, ByteBuffer.wrap(payload)};
            synchronized (writeLock) {
                while (parts[1].hasRemaining()) {
                    gathering.write(parts);
                }
            }
            return;
        }
        var buf = ByteBuffer.allocate(5 + payload.length);
        buf.putInt(1 + payload.length).put(type).put(payload).flip();
        synchronized (writeLock) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    /** From this payload length on, {@link #write} sends header and payload with one gathering write. */
    static final int GATHER_FROM = 8 * 1024;

    /**
     * From now on, reads may take bytes beyond the frame they return from the channel. Call it on
     * the reading thread, only if nothing but this object reads the channel afterwards.
     */
    public void readAhead() {
        if (ahead == null) {
            ahead = ByteBuffer.allocate(READ_AHEAD).limit(0);
        }
    }

    /** Reads one frame; {@link EOFException} when the peer closed between frames or mid-frame. */
    public Frame read() throws IOException {
        ByteBuffer buffered = ahead;
        if (buffered != null) {
            return readBuffered(buffered);
        }
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

    /** {@link #read()} through the read-ahead buffer {@code in}: one system call for a small frame. */
    private Frame readBuffered(ByteBuffer in) throws IOException {
        fill(in, 5);
        int length = in.getInt();
        byte type = in.get();
        if (length < 1 || length > maxFrameLength) {
            throw new IOException("frame length out of range: length=" + length + ", limit=" + maxFrameLength);
        }
        byte[] payload = new byte[length - 1];
        int buffered = Math.min(in.remaining(), payload.length);
        in.get(payload, 0, buffered);
        if (buffered < payload.length) { // a large frame: its rest goes straight into the payload
            readFully(ByteBuffer.wrap(payload, buffered, payload.length - buffered));
        }
        return new Frame(type, payload);
    }

    /** Reads into {@code in} until it holds at least {@code need} bytes ({@code need} at most its capacity). */
    private void fill(ByteBuffer in, int need) throws IOException {
        if (in.remaining() >= need) {
            return;
        }
        in.compact();
        try {
            while (in.position() < need) {
                if (channel.read(in) < 0) {
                    throw new EOFException("peer closed the channel");
                }
            }
        } finally {
            in.flip();
        }
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
