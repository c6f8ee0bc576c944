package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.connection.TlsConfig;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.multiprocessing4j.internal.wire.HandshakeDeadline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * What {@code Listener} and {@code Client} share: the authenticated opening of a socket
 * connection. The handshake runs in blocking mode on {@link FrameChannel} under its small
 * unauthenticated frame limit, so nothing the peer sends is decoded, or allocated beyond a few
 * kilobytes, before it has proved knowledge of the authkey; a peer that stalls is cut off after
 * {@link #HANDSHAKE_LIMIT}. Only then does the socket become a {@link SocketTransport}.
 *
 * <p>With TLS, the TLS handshake comes first (step 0 of the table in {@link Handshake}), under
 * the same time limit, and the authkey handshake runs inside it on a {@link TlsChannel}.
 */
public final class SocketEndpoints {

    /** The longest a peer may take to complete the handshake. */
    public static final Duration HANDSHAKE_LIMIT = HandshakeDeadline.LIMIT;

    private SocketEndpoints() {}

    /** Which side of the handshake table in {@link Handshake} this end plays. */
    public enum Side { SERVER, CLIENT }

    /**
     * Authenticates the peer on {@code ch} within {@code limit} and returns a connection
     * transport; on any failure the socket is closed.
     *
     * @throws AuthenticationException if the peer fails the handshake, sends garbage or goes away
     * @throws WaitTimeoutException if the handshake does not finish within {@code limit}
     * @throws InterruptedWaitException if the thread is interrupted meanwhile
     */
    public static SocketTransport authenticate(SocketChannel ch, Side side, byte[] authkey, String peer, Duration limit) {
        return authenticate(ch, side, authkey, null, peer, limit);
    }

    /**
     * As {@link #authenticate(SocketChannel, Side, byte[], String, Duration)}, over TLS unless
     * {@code tls} is null. A client verifies the server's certificate for the host it connected
     * to ({@code ch}'s remote address as given to {@code connect}).
     *
     * @throws AuthenticationException also if the TLS handshake fails (untrusted certificate,
     *         wrong host name, a peer that does not use TLS), naming the reason
     */
    public static SocketTransport authenticate(SocketChannel ch, Side side, byte[] authkey, TlsConfig tls, String peer,
                                               Duration limit) {
        var deadline = HandshakeDeadline.arm(ch, limit);
        try {
            ch.configureBlocking(true);
            ByteChannel io = ch;
            TlsChannel secure = null;
            if (tls != null) {
                secure = startTls(ch, side, tls);
                io = secure;
            }
            var frames = new FrameChannel(io);
            if (side == Side.SERVER) {
                Handshake.server(frames, authkey);
            } else {
                Handshake.client(frames, authkey);
            }
            if (!deadline.finish()) {
                throw new IOException("timed out");
            }
            return new SocketTransport(ch, secure, peer, true, true);
        } catch (AuthenticationException | IllegalArgumentException e) { // the latter: TLS stores unreadable here
            deadline.finish();
            closeQuietly(ch);
            throw e;
        } catch (ClosedByInterruptException e) {
            deadline.finish();
            throw InterruptedWaitException.of("authenticating " + peer, new InterruptedException());
        } catch (IOException e) {
            boolean timedOut = !deadline.finish() && deadline.timedOut();
            closeQuietly(ch);
            if (timedOut) {
                throw new WaitTimeoutException("authentication with " + peer + " did not finish within " + limit);
            }
            var failure = new AuthenticationException((e instanceof SSLException ? "the TLS handshake with " : "authentication with ")
                    + peer + " failed: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /** Step 0 of the handshake table and the TLS handshake, in blocking mode. */
    private static TlsChannel startTls(SocketChannel ch, Side side, TlsConfig tls) throws IOException {
        var plain = new FrameChannel(ch);
        if (side == Side.SERVER) {
            Handshake.announceTls(plain);
            return TlsChannel.handshake(ch, tls, false, null, -1);
        }
        Handshake.expectTls(plain);
        var remote = (InetSocketAddress) ch.getRemoteAddress();
        return TlsChannel.handshake(ch, tls, true, remote.getHostString(), remote.getPort());
    }

    /** A readable name for the peer at {@code remote} of a connection made through {@code local}. */
    public static String describe(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress u -> "unix:" + u.getPath();
            case InetSocketAddress i -> "tcp:" + i.getHostString() + ":" + i.getPort();
            case null -> "unknown";
            default -> address.toString();
        };
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
