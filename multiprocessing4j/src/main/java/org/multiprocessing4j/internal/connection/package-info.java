/**
 * The transports behind the public {@code Connection}. {@link
 * org.multiprocessing4j.internal.connection.Transport} is the SPI: whole frames (a type byte and
 * a payload) in order, end of stream only after every frame was delivered, interrupts honoured
 * without losing frames. {@link org.multiprocessing4j.internal.connection.SocketTransport}
 * implements it over a stream socket with the frame layout of
 * {@link org.multiprocessing4j.internal.wire.FrameChannel}; {@code Listener}/{@code Client}
 * authenticate sockets through {@link org.multiprocessing4j.internal.connection.SocketEndpoints}
 * before wrapping them.
 *
 * <p>{@link org.multiprocessing4j.internal.connection.RingEnd} is the pipe transport: a segment
 * ({@link org.multiprocessing4j.internal.connection.PipeDescriptor}) with one queue ring per
 * direction and a table of the holders of each end
 * ({@link org.multiprocessing4j.internal.connection.PipeHolders}), so that a copy of an end in
 * any process uses the same rings, and end of stream follows the holders. A transport
 * says how it travels to another process through {@code handoff()} (a serialisable handle, or an
 * exception with the reason) and how {@code Multiprocessing.wait} can wait on it through
 * {@code readiness()}.
 */
package org.multiprocessing4j.internal.connection;
