package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ready.WaitSet;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectStreamException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/**
 * Frames over a connected, already authenticated stream socket (Unix-domain or TCP, plaintext
 * or through a {@link TlsChannel}), in the
 * layout of {@link org.multiprocessing4j.internal.wire.FrameChannel}: a 4-byte big-endian length
 * of type + payload, a type byte, the payload. Payloads may be as large as a Java array.
 *
 * <p>Thread-safe: senders serialise on one lock, receivers on another.
 *
 * <p>Process-safety: a socket belongs to the process that opened it; {@link #handoff()} refuses
 * to let it travel (see the public {@code Connection}).
 */
public final class SocketTransport implements Transport {

    private static final int HEADER_LENGTH = 5;
    private static final int BUFFER_SIZE = 256 * 1024;
    /** The largest payload a Java array can hold on every JVM. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 16;

    private final SocketChannel channel;
    private final TlsChannel tls; // null: plaintext
    private final String peer;
    /** Cleared when a message over maxLength is refused on a connection that also sends. */
    private volatile boolean readable;
    private final boolean writable;
    private final SocketReadiness readiness = new SocketReadiness();

    private final ReentrantLock readLock = new ReentrantLock();
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_SIZE); // write mode; readLock
    private boolean eof;                // readLock
    private byte partialType;           // readLock
    private byte[] partial;             // readLock: the frame being received, null between frames
    private int partialFilled;          // readLock
    private volatile Selector readSelector;  // created under readLock on the first blocking receive
    private boolean replyPattern;       // readLock: blocking receives find nothing there yet (see fill)
    private int probe;                  // readLock: receives until the pattern is tested again

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE); // writeLock
    private volatile Selector writeSelector; // created under writeLock when the socket buffer first fills

    private volatile boolean closed;

    /*
     * Implementation overview. The channel is non-blocking for its whole life, and blocking
     * calls wait on a private selector. That is what lets Multiprocessing.wait register the
     * same channel with its own selector, and it keeps Thread.interrupt() from closing the
     * socket (a blocking NIO channel closes itself when a thread blocked on it is
     * interrupted). Bytes are read into one direct buffer; a frame's payload is copied out of it
     * into an array of exactly the frame's size, allocated once the header is known, and the
     * progress (partial, partialFilled) lives in fields, so an interrupted receive resumes where
     * it stopped. Sends copy through a direct buffer in chunks, so the JDK never allocates a
     * temporary direct buffer the size of a large message. When the peer closes or dies, the
     * kernel reports end of stream (or a reset on TCP, treated the same) only after the bytes it
     * already delivered: frames already buffered are still returned, then EndOfStreamException.
     *
     * With TLS, bytes go through the TlsChannel instead of straight to the channel (a few
     * branches on the final field 'tls', nothing else on the plaintext path), while waiting
     * still selects on the raw channel. That is sound because the TlsChannel reads from the
     * socket only when it has no plaintext and no complete record buffered: every wait here is
     * preceded by a read that returned 0 (fill's wait-first only when TLS buffers nothing), so
     * what TLS buffers is found before anyone selects (also by poll and Readiness.isReady,
     * which try a read first). A send is complete only when
     * the TlsChannel has written all it wrapped; close() sends close_notify if it can without
     * blocking.
     */

    /**
     * @param channel a connected socket whose peer has authenticated; this transport owns it
     * @param peer how to name the peer in messages
     */
    public SocketTransport(SocketChannel channel, String peer, boolean readable, boolean writable) throws IOException {
        this(channel, null, peer, readable, writable);
    }

    /**
     * @param tls the TLS layer over {@code channel} after its handshake, or null for plaintext
     */
    SocketTransport(SocketChannel channel, TlsChannel tls, String peer, boolean readable, boolean writable) throws IOException {
        this.channel = channel;
        this.tls = tls;
        this.peer = peer;
        this.readable = readable;
        this.writable = writable;
        channel.configureBlocking(false);
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    // ---- sending ----

    @Override
    public void send(byte type, byte[] buf, int offset, int size) {
        lock(writeLock, "sending");
        try {
            checkOpen();
            // Proceed in two steps: header and as much payload as fits, then the rest in chunks.
            out.clear();
            out.putInt(size + 1).put(type);
            int n = Math.min(size, out.remaining());
            out.put(buf, offset, n);
            out.flip();
            writeFully(false);
            int pos = offset + n;
            int end = offset + size;
            while (pos < end) {
                n = Math.min(end - pos, out.capacity());
                out.clear();
                out.put(buf, pos, n);
                out.flip();
                writeFully(true);
                pos += n;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes all of {@link #out}; {@code started} tells whether part of the frame has gone. */
    private void writeFully(boolean started) {
        while (out.hasRemaining() || tls != null && tls.hasPendingOutput()) {
            int n;
            try {
                n = tls == null ? channel.write(out) : tls.write(out);
            } catch (IOException e) {
                throw closedOr(() -> new ConnectionException(
                        "cannot send to " + peer + ": the peer has closed the connection or died (" + e.getMessage() + ")", e));
            }
            if (n > 0) {
                started = true;
                continue;
            }
            try {
                if (writeSelector == null) {
                    writeSelector = Selector.open();
                    channel.register(writeSelector, SelectionKey.OP_WRITE);
                }
                select(writeSelector, -1);
            } catch (InterruptedException e) {
                if (started) {
                    close(); // half a frame cannot be taken back: the stream is unusable
                    throw InterruptedWaitException.of("sending to " + peer
                            + " (the message was partly sent, so the connection was closed)", e);
                }
                throw InterruptedWaitException.of("sending to " + peer, e);
            } catch (ClosedSelectorException e) {
                throw closedException();
            } catch (IOException e) {
                throw closedOr(() -> new ConnectionException("cannot wait to send to " + peer + ": " + e.getMessage(), e));
            }
        }
    }

    // ---- receiving ----

    @Override
    public Frame receive(int maxLength) {
        lock(readLock, "receiving");
        try {
            checkOpen();
            while (true) {
                if (partial == null && in.position() >= HEADER_LENGTH) {
                    Frame whole = wholeFrame(maxLength);
                    if (whole != null) {
                        return whole;
                    }
                    startFrame(maxLength);
                } else if (partial != null && maxLength >= 0 && partial.length > maxLength) {
                    // a frame begun by an interrupted receive without a limit
                    refuseLength(partial.length, maxLength);
                }
                if (partial != null) {
                    in.flip();
                    int n = Math.min(in.remaining(), partial.length - partialFilled);
                    in.get(partial, partialFilled, n);
                    in.compact();
                    partialFilled += n;
                    if (partialFilled == partial.length) {
                        var frame = new Frame(partialType, partial);
                        partial = null;
                        return frame;
                    }
                }
                if (eof) {
                    throw new EndOfStreamException(partial != null || in.position() > 0
                            ? "the peer " + peer + " closed the connection in the middle of a message"
                            : "the peer " + peer + " has closed the connection");
                }
                fill(-1);
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * For a pipe end being handed over: takes every complete frame already here, without
     * blocking, when no other thread is receiving. The caller has paused the peer's sends
     * ({@link #tryPauseSends()} on the peer), so every frame in flight is complete.
     *
     * @return the frames in order, or null if another thread is receiving (nothing was taken)
     */
    java.util.List<Frame> drainIfIdle() {
        if (!readLock.tryLock()) {
            return null;
        }
        try {
            var frames = new java.util.ArrayList<Frame>();
            while (!closed && pollLocked(0) && !eof) {
                frames.add(receive(-1)); // reentrant: completes at once, the frame is all here
            }
            return frames;
        } finally {
            readLock.unlock();
        }
    }

    /** Keeps senders out until {@link #resumeSends()}; false if a send is in progress. */
    boolean tryPauseSends() {
        return writeLock.tryLock();
    }

    void resumeSends() {
        writeLock.unlock();
    }

    /**
     * The frame at the start of {@link #in} if all of it is there (the usual case for small
     * messages), taken out with one compaction; else null.
     */
    private Frame wholeFrame(int maxLength) {
        long size = in.getInt(0) - 1L;
        if (size < 0 || size > in.position() - HEADER_LENGTH || (maxLength >= 0 && size > maxLength)) {
            return null; // not all here, or startFrame refuses it
        }
        byte type = in.get(4);
        byte[] payload = new byte[(int) size];
        in.flip().position(HEADER_LENGTH);
        in.get(payload);
        in.compact();
        return new Frame(type, payload);
    }

    /** Consumes the header at the start of {@link #in} and allocates the payload. */
    private void startFrame(int maxLength) {
        int length = in.getInt(0);
        byte type = in.get(4);
        if (length < 1 || length - 1 > MAX_PAYLOAD) {
            close();
            throw new ConnectionException("corrupt stream from " + peer + ": frame length " + length
                    + " out of range; the connection was closed");
        }
        int size = length - 1;
        if (maxLength >= 0 && size > maxLength) {
            refuseLength(size, maxLength);
        }
        in.flip().position(HEADER_LENGTH);
        in.compact();
        partialType = type;
        partial = new byte[size];
        partialFilled = 0;
    }

    /** CPython's rule: a connection that also sends stops receiving, a receive-only one is closed. */
    private void refuseLength(int size, int maxLength) {
        String what;
        if (writable) {
            readable = false;
            what = "the connection no longer receives (it still sends)";
        } else {
            close();
            what = "the connection was closed";
        }
        throw new ConnectionException("bad message length: the message has " + size
                + " bytes, more than maxLength=" + maxLength + "; " + what);
    }

    @Override
    public boolean poll(long timeoutNanos) {
        lock(readLock, "polling");
        try {
            checkOpen();
            return pollLocked(timeoutNanos);
        } finally {
            readLock.unlock();
        }
    }

    private boolean pollLocked(long timeoutNanos) {
        if (hasInput()) {
            return true;
        }
        fill(timeoutNanos);
        return hasInput();
    }

    private boolean hasInput() {
        return in.position() > 0 || partial != null || eof;
    }

    /**
     * Reads what the socket has into {@link #in}, waiting up to {@code timeoutNanos}
     * (negative: no limit) for at least one byte or end of stream.
     */
    private void fill(long timeoutNanos) {
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        // Blocking receives that find nothing there yet (replies awaited after requests, the
        // usual pattern) wait first: a wait and one read instead of a read that finds nothing, a
        // wait and a read. The wait returns at once if bytes are there already, and every 8th
        // receive reads first to see whether the pattern still holds (a stream of messages).
        boolean waitFirst = false;
        if (timeoutNanos < 0 && replyPattern && (tls == null || !tls.hasBufferedInput())) {
            waitFirst = --probe > 0;
            if (!waitFirst) {
                probe = 8;
            }
        }
        boolean first = !waitFirst;
        while (true) {
            if (waitFirst) {
                waitFirst = false;
                awaitReadable(-1);
            }
            int n;
            try {
                n = tls == null ? channel.read(in) : tls.read(in);
            } catch (SSLException e) {
                throw closedOr(() -> {
                    close();
                    return new ConnectionException("corrupt TLS stream from " + peer + ": " + e.getMessage()
                            + "; the connection was closed", e);
                });
            } catch (IOException e) {
                if (closed) {
                    throw closedException();
                }
                n = -1; // a reset (TCP peer killed with data unread) ends the stream like a close
            }
            if (timeoutNanos < 0 && first) {
                replyPattern = n == 0;
            }
            first = false;
            if (n < 0) {
                eof = true;
                return;
            }
            if (n > 0) {
                return;
            }
            long remaining = timeoutNanos < 0 ? -1 : deadline - System.nanoTime();
            if (timeoutNanos >= 0 && remaining <= 0) {
                return;
            }
            awaitReadable(remaining);
        }
    }

    /** Waits on the read selector up to {@code timeoutNanos} (negative: no limit). */
    private void awaitReadable(long timeoutNanos) {
        try {
            if (readSelector == null) {
                readSelector = Selector.open();
                channel.register(readSelector, SelectionKey.OP_READ);
            }
            select(readSelector, timeoutNanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("receiving from " + peer, e);
        } catch (ClosedSelectorException e) {
            throw closedException();
        } catch (IOException e) {
            throw closedOr(() -> new ConnectionException("cannot wait to receive from " + peer + ": " + e.getMessage(), e));
        }
    }

    // ---- waiting ----

    /** Selects on {@code selector}; an interrupt or a close ends the wait. */
    private void select(Selector selector, long timeoutNanos) throws InterruptedException, IOException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        checkOpen();
        try {
            selector.selectedKeys().clear();
            if (timeoutNanos < 0) {
                selector.select();
            } else {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
        } catch (ClosedSelectorException e) {
            throw closedException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        checkOpen();
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    private final class SocketReadiness implements Readiness {
        @Override
        public boolean isReady() {
            if (closed) {
                return true; // let the caller find out from its next call
            }
            if (!readLock.tryLock()) {
                return false; // another thread is receiving: what arrives is its
            }
            try {
                return pollLocked(0);
            } catch (IllegalStateException | ConnectionException e) {
                return true;
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public void watch(WaitSet set) {
            set.register(channel, SelectionKey.OP_READ);
        }
    }

    // ---- lifecycle ----

    @Override
    public Handoff handoff() throws ObjectStreamException {
        throw new InvalidClassException("org.multiprocessing4j.Connection",
                "a socket connection (to " + peer + ") belongs to the process that opened it and cannot be passed"
                        + " to another process; pass the Listener's address and call Client.connect there instead");
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tls != null) {
            tls.closeOutbound();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        // Closing a selector wakes a thread blocked in it; that thread then sees 'closed'. The
        // fields are volatile so a selector created by another thread is seen here (or that
        // thread sees 'closed' before it selects).
        closeQuietly(readSelector);
        closeQuietly(writeSelector);
    }

    private static void closeQuietly(Selector s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("connection to " + peer + " is closed");
    }

    private RuntimeException closedOr(java.util.function.Supplier<RuntimeException> otherwise) {
        return closed ? closedException() : otherwise.get();
    }

    private static void lock(ReentrantLock lock, String what) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of(what, e);
        }
    }

    @Override
    public String toString() {
        return "socket to " + peer;
    }
}
