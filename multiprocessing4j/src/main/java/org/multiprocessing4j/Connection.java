package org.multiprocessing4j;

import org.multiprocessing4j.internal.connection.Handoff;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.Transport;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a message channel between processes: Python's
 * {@code multiprocessing.connection.Connection}. A connection comes from {@link Pipe#open()},
 * from {@link org.multiprocessing4j.connection.Listener#accept()} or from
 * {@link org.multiprocessing4j.connection.Client#connect}; every kind behaves as described here.
 *
 * <h2>Messages</h2>
 * <ul>
 *   <li>Every {@code send}/{@code sendBytes} is one message; messages are never merged or
 *       split, and an empty message ({@code sendBytes(new byte[0])}) is received as one.</li>
 *   <li>{@link #send(Object)} serialises with the process's serializer (Apache Fory by default,
 *       see {@code multiprocessing4j.serializer}) before anything is locked or sent: an object that
 *       cannot be serialised raises {@link SerializationException} in the caller and sends
 *       nothing. {@link #recv()} decodes after the message has been taken off the connection, so
 *       a message that cannot be decoded is consumed and the connection stays usable.</li>
 *   <li>Objects and raw bytes travel in distinct frame types. {@link #recv()} of a message sent
 *       with {@code sendBytes} returns its {@code byte[]}; {@link #recvBytes()} of a message sent
 *       with {@code send} returns its serialised form (as CPython's {@code recv_bytes} returns
 *       the pickle).</li>
 *   <li>Messages may be as large as a Java array; a 64 MiB message is ordinary.</li>
 * </ul>
 *
 * <h2>End of stream and errors</h2>
 * When the peer closes its end or its process dies (even by {@code kill -9}), every message it
 * sent before is still received; only then does a receive raise {@link EndOfStreamException},
 * and {@link #poll()} returns true so that a waiter finds out. A send to a peer that has gone
 * raises {@link ConnectionException}. Any call on a closed connection, including a receive
 * blocked in another thread when {@link #close()} is called, raises
 * {@link IllegalStateException}; so does receiving on a write-only end or sending on a
 * read-only one.
 *
 * <h2>Thread and process safety</h2>
 * Thread-safe: concurrent sends are serialised, concurrent receives too, and one thread may
 * send while another receives. A blocked call honours {@link Thread#interrupt()} with
 * {@link InterruptedWaitException}; an interrupted receive loses nothing, while a send
 * interrupted after part of a large message went out closes the connection, because the
 * peer could never find the next message boundary.
 * <p>A {@link Pipe} end may be passed to a child as a field of its target or of a
 * {@code Process} subclass and works there (see {@link Pipe} for the copy semantics). A
 * connection from a {@code Listener} or {@code Client} belongs to the process that opened it:
 * passing it to a child fails in {@link Process#start()} with a {@link SerializationException}
 * that says so; pass the listener's address instead and call {@code Client.connect} in the
 * child. (A {@code "thread"} process shares the object and may use any connection directly.)
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it sends a message happen-before the actions that follow the
 * receipt of that message, in whichever thread or process receives it.
 */
public final class Connection implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static {
        Access.setConnectionAccess(Connection::new);
    }

    private final transient Transport transport;

    /*
     * Implementation overview. This class is the policy, the Transport the mechanism: here are
     * argument checks, direction checks, serialisation (outside the transport's locks) and the
     * byte[]-versus-object rules; the transport moves whole frames and owns the lifecycle
     * (OPEN -> CLOSED, one volatile flag), because it may also close itself (a message over
     * maxLength, a corrupt stream, an interrupted half-sent frame). Serialising a Connection
     * goes through writeReplace to the transport's handoff(): a transport that can travel
     * (shared-memory rings) returns a handle that rebuilds the connection in the receiving
     * process; a socket transport refuses with the reason.
     */

    private Connection(Transport transport) {
        this.transport = transport;
    }

    // ---- sending ----

    /**
     * Sends {@code obj} (which may be null) as one message.
     *
     * @throws SerializationException if {@code obj} cannot be serialised; nothing was sent
     * @throws ConnectionException if the peer has gone
     * @throws IllegalStateException if the connection is closed or read-only
     */
    public void send(Object obj) {
        checkWritable("send");
        byte[] encoded = Serializers.get().encode(obj);
        transport.send(Transport.OBJECT, encoded, 0, encoded.length);
    }

    /** Sends all of {@code buf} as one message (it may be empty). */
    public void sendBytes(byte[] buf) {
        Objects.requireNonNull(buf, "buf");
        sendBytes(buf, 0, buf.length);
    }

    /**
     * Sends {@code buf[offset, offset + size)} as one message.
     *
     * @throws IllegalArgumentException if {@code offset} or {@code size} is negative or the range
     *         exceeds {@code buf}
     */
    public void sendBytes(byte[] buf, int offset, int size) {
        Objects.requireNonNull(buf, "buf");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: offset=" + offset);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: size=" + size);
        }
        if ((long) offset + size > buf.length) {
            throw new IllegalArgumentException("offset + size must be <= buf.length: offset=" + offset
                    + ", size=" + size + ", buf.length=" + buf.length);
        }
        checkWritable("sendBytes");
        transport.send(Transport.BYTES, buf, offset, size);
    }

    // ---- receiving ----

    /**
     * Receives the next message, blocking until it is there, and returns the object sent (a
     * message sent with {@code sendBytes} comes back as its {@code byte[]}).
     *
     * @throws EndOfStreamException if the peer has closed or died and every message was received
     * @throws SerializationException if the message cannot be decoded here (it was consumed)
     * @throws ClassCastException at the call site if the object is not a {@code T}
     */
    @SuppressWarnings("unchecked")
    public <T> T recv() {
        checkReadable("recv");
        var frame = transport.receive(-1);
        if (frame.type() == Transport.BYTES) {
            return (T) frame.payload();
        }
        return (T) Serializers.get().decode(frame.payload());
    }

    /** Receives the next message as bytes (the serialised form of a message sent with {@code send}). */
    public byte[] recvBytes() {
        checkReadable("recvBytes");
        return transport.receive(-1).payload();
    }

    /**
     * Receives the next message as bytes, refusing one longer than {@code maxLength}.
     *
     * @throws ConnectionException ("bad message length") if the message is longer. As in
     *         CPython, an end that also sends then no longer receives ({@link #isReadable()}
     *         false, later receives and polls raise {@link IllegalStateException}) and a
     *         receive-only end is closed. A pipe leaves the message in the pipe for other copies
     *         of the end; a socket connection cannot skip the rest of it.
     * @throws IllegalArgumentException if {@code maxLength} is negative
     */
    public byte[] recvBytes(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0: maxLength=" + maxLength);
        }
        checkReadable("recvBytes");
        return transport.receive(maxLength).payload();
    }

    /** {@link #recvBytesInto(byte[], int)} at offset 0. */
    public int recvBytesInto(byte[] buf) {
        return recvBytesInto(buf, 0);
    }

    /**
     * Receives the next message into {@code buf} from {@code offset} and returns its length.
     *
     * @throws BufferTooShortException if the message is longer than {@code buf.length - offset};
     *         the message was consumed and is in {@link BufferTooShortException#bytes()}, and the
     *         connection stays usable
     * @throws IllegalArgumentException if {@code offset} is negative or beyond {@code buf.length}
     */
    public int recvBytesInto(byte[] buf, int offset) {
        Objects.requireNonNull(buf, "buf");
        if (offset < 0 || offset > buf.length) {
            throw new IllegalArgumentException("offset must be in [0, buf.length]: offset=" + offset
                    + ", buf.length=" + buf.length);
        }
        checkReadable("recvBytesInto");
        byte[] message = transport.receive(-1).payload();
        if (message.length > buf.length - offset) {
            throw new BufferTooShortException("message of " + message.length + " bytes does not fit in "
                    + (buf.length - offset) + " bytes (buf.length=" + buf.length + ", offset=" + offset + ")", message);
        }
        System.arraycopy(message, 0, buf, offset, message.length);
        return message.length;
    }

    /**
     * Whether there is something to receive, without waiting and without consuming it: the
     * start of a message, or end of stream (then a receive raises {@link EndOfStreamException}).
     */
    public boolean poll() {
        checkReadable("poll");
        return transport.poll(0);
    }

    /**
     * Waits up to {@code timeout} (null: no limit; negative: zero) until there is something to
     * receive; consumes nothing.
     *
     * @return whether a message (or end of stream) is there
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public boolean poll(Duration timeout) {
        checkReadable("poll");
        return transport.poll(timeout == null ? -1 : Math.max(0, saturatedNanos(timeout)));
    }

    // ---- state ----

    /** Closes this end; the peer then receives end of stream. Idempotent and thread-safe. */
    @Override
    public void close() {
        transport.close();
    }

    /** Whether this end is closed (by {@link #close()}, or by an error that closed it). */
    public boolean isClosed() {
        return transport.isClosed();
    }

    /**
     * Whether this end may receive: false for the sending end of a one-way pipe, for a closed
     * end, and for an end that refused a message over {@code maxLength}.
     */
    public boolean isReadable() {
        return !transport.isClosed() && transport.isReadable();
    }

    /** Whether this end may send: false for the receiving end of a one-way pipe and for a closed end. */
    public boolean isWritable() {
        return !transport.isClosed() && transport.isWritable();
    }

    /** The readiness of this end, for {@link Multiprocessing#wait(java.util.Collection, Duration)}. */
    Readiness readiness() {
        checkReadable("wait on");
        return transport.readiness();
    }

    @Override
    public String toString() {
        return "Connection[" + transport + (isClosed() ? ", closed" : "")
                + (transport.isReadable() ? "" : ", write-only") + (transport.isWritable() ? "" : ", read-only") + "]";
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new InTransit(transport.handoff());
    }

    /** A connection on its way to another process: its transport's handoff, opened on arrival. */
    private static final class InTransit implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final Handoff handoff;

        InTransit(Handoff handoff) {
            this.handoff = handoff;
        }

        @Serial
        private Object readResolve() throws ObjectStreamException {
            return new Connection(handoff.open());
        }
    }

    private void checkReadable(String operation) {
        checkOpen(operation);
        if (!transport.isReadable()) {
            throw new IllegalStateException("cannot " + operation + ": connection is write-only");
        }
    }

    private void checkWritable(String operation) {
        checkOpen(operation);
        if (!transport.isWritable()) {
            throw new IllegalStateException("cannot " + operation + ": connection is read-only");
        }
    }

    private void checkOpen(String operation) {
        if (transport.isClosed()) {
            throw new IllegalStateException("cannot " + operation + ": connection is closed");
        }
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
