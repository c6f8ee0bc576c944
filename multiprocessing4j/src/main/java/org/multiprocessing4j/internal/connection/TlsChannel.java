package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.connection.TlsConfig;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plaintext over TLS: a {@link ByteChannel} that encrypts what it writes to, and decrypts what
 * it reads from, a {@link SocketChannel}, through an {@link SSLEngine}. It follows the socket's
 * mode: in blocking mode (the authkey handshake on {@code FrameChannel}) reads and writes
 * block; in non-blocking mode ({@link SocketTransport}) a read returns 0 when the socket has
 * nothing and no plaintext is buffered, and a write returns how much plaintext it took, leaving
 * what the socket would not accept in {@link #hasPendingOutput()}.
 *
 * <p>Thread-safety: one reader and one writer at a time (the transport's read and write locks),
 * which may run concurrently, as {@code SSLEngine} allows. {@link #closeOutbound()} may be
 * called from any thread.
 */
final class TlsChannel implements ByteChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** {@link #unwrapRecord()}: the socket had nothing more for now. */
    private static final int WOULD_BLOCK = -2;
    /** {@link #unwrapRecord()}: the peer closed (close_notify or end of stream). */
    private static final int END = -1;

    private final SocketChannel socket;
    private final SSLEngine engine;

    // the reading side: one reader at a time
    private ByteBuffer netIn;   // write mode: ciphertext from the socket, not yet unwrapped
    private ByteBuffer appIn;   // read mode: plaintext unwrapped, not yet read
    private boolean inboundDone;

    private final ReentrantLock outLock = new ReentrantLock();
    private ByteBuffer netOut;  // read mode, outLock: ciphertext wrapped, not yet written

    /*
     * Implementation overview. Reads hand out buffered plaintext first, then unwrap one record
     * at a time, reading from the socket only when netIn holds no complete record; so a caller
     * that finds this channel empty (read returns 0) knows the socket itself has nothing, and
     * may select on it. Writes first flush what an earlier write wrapped but could not write;
     * a record is wrapped only into an empty netOut, so ciphertext leaves in order. Messages
     * the engine produces after the handshake on the reading side (a key update's answer) are
     * wrapped by the reader only if no write is under way (tryLock); otherwise the writer's
     * next wrap sends them, as SSLEngine puts pending handshake messages before data. The peer
     * closing without close_notify (a killed process) is an end of stream like any other.
     */

    private TlsChannel(SocketChannel socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        var session = engine.getSession();
        this.netIn = ByteBuffer.allocateDirect(session.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocateDirect(session.getPacketBufferSize()).flip();
    }

    /**
     * Runs the TLS handshake on {@code socket}, which must be in blocking mode, and returns the
     * channel for the rest of the connection.
     *
     * @throws SSLException if the handshake fails (the peer is told why with an alert if possible)
     * @throws IOException if the socket fails or the peer goes away
     */
    static TlsChannel handshake(SocketChannel socket, TlsConfig tls, boolean client, String host, int port) throws IOException {
        var ch = new TlsChannel(socket, TlsContexts.engine(tls, client, host, port));
        ch.engine.beginHandshake();
        try {
            ch.runHandshake();
        } catch (SSLException e) {
            ch.closeOutbound(true); // the engine holds the alert that tells the peer why
            throw e;
        }
        return ch;
    }

    private void runHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    outLock.lock();
                    try {
                        wrap(EMPTY);
                        flush();
                    } finally {
                        outLock.unlock();
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (unwrapRecord() == END) {
                        throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                    }
                }
                default -> {
                    return; // FINISHED, NOT_HANDSHAKING
                }
            }
        }
    }

    // ---- reading ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return -1;
            }
            int n = unwrapRecord();
            if (n == END) {
                return -1;
            }
            if (n == WOULD_BLOCK) {
                return 0;
            }
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                answerHandshake();
            }
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        return n;
    }

    /**
     * Whether plaintext or ciphertext is buffered here, so that the next read may return bytes
     * without the socket becoming readable: a reader must read before it waits. Reader only.
     */
    boolean hasBufferedInput() {
        return appIn.hasRemaining() || netIn.position() > 0;
    }

    /**
     * Unwraps one record into {@link #appIn}, reading from the socket if no complete record is
     * here. Returns the plaintext bytes produced (0 for a handshake or alert record),
     * {@link #WOULD_BLOCK} or {@link #END}.
     */
    private int unwrapRecord() throws IOException {
        while (true) {
            SSLEngineResult r;
            netIn.flip();
            appIn.compact();
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
                appIn.flip();
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            switch (r.getStatus()) {
                case OK -> {
                    return r.bytesProduced();
                }
                case CLOSED -> {
                    inboundDone = true;
                    return END;
                }
                case BUFFER_OVERFLOW -> {
                    if (appIn.hasRemaining()) {
                        return 0; // let the reader take what is here first
                    }
                    appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
                }
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) { // a record larger than the buffer: the session says how large
                        netIn = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize())
                                .put(netIn.flip());
                    }
                    int n = socket.read(netIn);
                    if (n < 0) {
                        inboundDone = true;
                        return END;
                    }
                    if (n == 0) {
                        return WOULD_BLOCK;
                    }
                }
            }
        }
    }

    /** Sends what the engine wants to say after the handshake, unless a writer is at work (it will). */
    private void answerHandshake() throws IOException {
        if (!outLock.tryLock()) {
            return;
        }
        try {
            if (flush()) {
                wrap(EMPTY);
                flush();
            }
        } finally {
            outLock.unlock();
        }
    }

    // ---- writing ----

    /** Encrypts as much of {@code src} as the socket accepts now; returns the plaintext bytes taken. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        outLock.lock();
        try {
            int taken = 0;
            while (flush() && src.hasRemaining()) {
                taken += wrap(src);
            }
            return taken;
        } finally {
            outLock.unlock();
        }
    }

    /** Whether wrapped bytes still wait for the socket: a send is complete only once they are written. */
    boolean hasPendingOutput() {
        outLock.lock();
        try {
            return netOut.hasRemaining();
        } finally {
            outLock.unlock();
        }
    }

    /** Wraps into the empty {@link #netOut}; returns the plaintext bytes consumed. Under outLock. */
    private int wrap(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r;
            try {
                r = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            switch (r.getStatus()) {
                case OK -> {
                    return r.bytesConsumed();
                }
                case CLOSED -> {
                    if (r.bytesProduced() > 0) {
                        return r.bytesConsumed(); // the close_notify itself
                    }
                    throw new ClosedChannelException();
                }
                case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize()).flip();
                case BUFFER_UNDERFLOW -> throw new SSLException("unexpected buffer underflow while encrypting");
            }
        }
    }

    /** Writes {@link #netOut} out; false if the socket (non-blocking) would not take all of it. Under outLock. */
    private boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---- closing ----

    /**
     * Sends close_notify if no write is under way and the socket takes it at once; never
     * blocks (on a non-blocking socket). The caller closes the socket afterwards.
     */
    void closeOutbound() {
        closeOutbound(false);
    }

    /** Sends close_notify, or the alert of a failed handshake; {@code wait}: even if a write is under way. */
    private void closeOutbound(boolean wait) {
        if (wait) {
            outLock.lock();
        } else if (!outLock.tryLock()) {
            return;
        }
        try {
            engine.closeOutbound();
            if (flush()) {
                wrap(EMPTY);
                flush();
            }
        } catch (IOException | RuntimeException e) {
            // the peer may be gone: closing anyway
        } finally {
            outLock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Sends close_notify where possible and closes the socket. */
    @Override
    public void close() throws IOException {
        closeOutbound();
        socket.close();
    }
}
