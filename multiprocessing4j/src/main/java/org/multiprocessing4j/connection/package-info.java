/**
 * Connections between processes that need not be related, Python's
 * {@code multiprocessing.connection}: a {@link org.multiprocessing4j.connection.Listener} accepts
 * them and {@link org.multiprocessing4j.connection.Client#connect} opens them, over a Unix-domain
 * socket ({@link java.net.UnixDomainSocketAddress}) on one machine or TCP
 * ({@link java.net.InetSocketAddress}) across machines. Both ends prove knowledge of a shared
 * authkey (HMAC-SHA256 challenge in each direction, as CPython does) before anything the other
 * sends is decoded; the result is an ordinary {@link org.multiprocessing4j.Connection}. On TCP
 * the connection may run over TLS, configured by a {@link org.multiprocessing4j.connection.TlsConfig}
 * on both sides: the TLS handshake comes first, the authkey handshake then runs inside it.
 *
 * <p>A child process reaches a listener of its parent by receiving the listener's address
 * (addresses are serialisable) and calling {@code Client.connect} there; children inherit the
 * parent's authkey, so the constructors without a key work across a process tree.
 */
package org.multiprocessing4j.connection;
