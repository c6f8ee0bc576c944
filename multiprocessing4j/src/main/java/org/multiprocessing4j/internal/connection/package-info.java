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
 * <p>{@link org.multiprocessing4j.internal.connection.SharedEnd} is the interim pipe transport:
 * a socket pair whose ends can be copied into other processes through a per-JVM
 * {@link org.multiprocessing4j.internal.connection.PipeBroker}, with frames relayed by the
 * exporting process. The shared-memory rings of DESIGN.md §5 will be a second implementation
 * of the same SPI; {@code Pipe.open} then chooses them, and nothing public changes. A transport
 * says how it travels to another process through {@code handoff()} (a serialisable handle, or an
 * exception with the reason) and how {@code Multiprocessing.wait} can wait on it through
 * {@code readiness()}.
 */
package org.multiprocessing4j.internal.connection;
