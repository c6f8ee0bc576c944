package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.ready.Readiness;

import java.io.ObjectStreamException;

/**
 * What carries the frames of a public {@code Connection}: a socket ({@link SocketTransport}) for
 * {@code Listener}/{@code Client}, a pair of shared-memory rings for pipes ({@link RingEnd},
 * DESIGN.md §5). The
 * public type validates arguments, checks direction, serialises objects outside any lock and
 * decodes them after; a transport only moves whole frames, each a type byte and a payload.
 *
 * <h2>Contract every transport keeps</h2>
 * <ul>
 *   <li>Frames are delivered whole, in order, never merged or split; an empty payload is a
 *       frame like any other.</li>
 *   <li>{@link #receive} raises {@code EndOfStreamException} only once every frame the peer
 *       sent before closing (or dying) has been received.</li>
 *   <li>Blocking calls honour interrupts with {@code InterruptedWaitException}. An interrupted
 *       receive loses nothing (the next receive resumes the same frame); an interrupted send
 *       either sent nothing or closes the transport, because half a frame cannot be taken
 *       back.</li>
 *   <li>Any operation after {@link #close()} raises {@code IllegalStateException}; a receive
 *       or send blocked in another thread when {@code close()} is called raises it too.</li>
 *   <li>Sends are thread-safe with each other, receives with each other; one send and one
 *       receive may run at the same time.</li>
 * </ul>
 */
public interface Transport {

    /** Frame type of a serialised object. */
    byte OBJECT = 'O';
    /** Frame type of raw bytes from {@code sendBytes}. */
    byte BYTES = 'B';

    /** A received frame. */
    record Frame(byte type, byte[] payload) {}

    boolean isReadable();

    boolean isWritable();

    /** Sends one frame of {@code type} with {@code buf[offset, offset + size)}; blocks while the peer is not reading. */
    void send(byte type, byte[] buf, int offset, int size);

    /**
     * Receives the next frame, blocking until it has arrived whole.
     *
     * @param maxLength negative for no limit; otherwise a longer frame raises
     *        {@code ConnectionException} ("bad message length") and, as CPython does, makes a
     *        transport that also sends unreadable ({@link #isReadable()} false from then on)
     *        and closes a receive-only one
     */
    Frame receive(int maxLength);

    /**
     * Whether data (the start of a frame) or end of stream is there to receive, waiting up to
     * {@code timeoutNanos} for it (negative: no limit; zero: do not wait). Consumes nothing.
     */
    boolean poll(long timeoutNanos);

    /** The readiness of this transport for receiving, for {@code Multiprocessing.wait}. */
    Readiness readiness();

    /**
     * What this transport turns into when its connection is serialised to go to another
     * process: a handle that rebuilds an equivalent transport there, or an exception saying
     * why this transport cannot travel.
     */
    Handoff handoff() throws ObjectStreamException;

    boolean isClosed();

    /** Releases the transport; idempotent, thread-safe, wakes blocked callers. */
    void close();
}
