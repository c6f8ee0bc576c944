package org.multiprocessing4j.connection;

import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.SocketEndpoints;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;

/**
 * Opens authenticated connections to a {@link Listener}: Python's
 * {@code multiprocessing.connection.Client}. Stateless and thread-safe; usable in any process,
 * and the usual way for a child to reach a listener of its parent (pass the address).
 *
 * <p><strong>The authkey means full trust</strong>, both ways, as in CPython: what the
 * listener sends is decoded with any class (see {@link Listener}).
 */
public final class Client {

    private Client() {}

    /** Connects to {@code address} with the current process's authkey (which children inherit). */
    public static Connection connect(SocketAddress address) {
        return connect(address, Multiprocessing.currentProcess().authkey());
    }

    /**
     * Connects to the listener at {@code address} and runs the authkey handshake in both
     * directions.
     *
     * @throws ConnectionException if nothing listens there or the connection fails
     * @throws AuthenticationException if the listener refuses our key or does not know it
     * @throws InterruptedWaitException if the thread is interrupted while connecting
     * @throws IllegalArgumentException if {@code authkey} is empty or the address family is not
     *         Unix-domain or IP
     */
    public static Connection connect(SocketAddress address, byte[] authkey) {
        return connect(address, authkey, null);
    }

    /**
     * Connects to the TLS listener at {@code address}: verifies its certificate against
     * {@code tls}'s trust store (and, unless turned off, that it names the host of
     * {@code address}), then runs the authkey handshake inside TLS. With {@code tls} null, as
     * {@link #connect(SocketAddress, byte[])}.
     *
     * @throws AuthenticationException if the TLS handshake fails (an untrusted certificate, a
     *         host name the certificate does not name, a listener without TLS) or the keys differ
     * @throws ConnectionException if nothing listens there or the connection fails
     * @throws InterruptedWaitException if the thread is interrupted while connecting
     * @throws IllegalArgumentException if {@code authkey} is empty or, with {@code tls}, the
     *         address is not an {@code InetSocketAddress} (TLS is for TCP only)
     */
    public static Connection connect(SocketAddress address, byte[] authkey, TlsConfig tls) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        if (authkey.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty: authkey.length=0");
        }
        if (tls != null) {
            Listener.checkTlsAddress(address);
        }
        var family = switch (address) {
            case UnixDomainSocketAddress u -> StandardProtocolFamily.UNIX;
            case InetSocketAddress i -> i.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            default -> throw new IllegalArgumentException("address must be a UnixDomainSocketAddress or an "
                    + "InetSocketAddress: address=" + address + " (" + address.getClass().getName() + ")");
        };
        String peer = "listener at " + SocketEndpoints.describe(address);
        SocketChannel ch;
        try {
            ch = SocketChannel.open(family);
            try {
                ch.connect(address);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (UnresolvedAddressException e) {
            throw new ConnectionException("cannot connect to " + peer + ": the host name cannot be resolved", e);
        } catch (ClosedByInterruptException e) {
            throw InterruptedWaitException.of("connecting to " + peer, new InterruptedException());
        } catch (IOException e) {
            throw new ConnectionException("cannot connect to " + peer + ": " + e.getMessage(), e);
        }
        var transport = SocketEndpoints.authenticate(ch, SocketEndpoints.Side.CLIENT, authkey, tls, peer,
                SocketEndpoints.HANDSHAKE_LIMIT);
        return Access.connection().wrap(transport);
    }
}
