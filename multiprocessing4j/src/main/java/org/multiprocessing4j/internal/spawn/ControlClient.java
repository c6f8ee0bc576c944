package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.multiprocessing4j.internal.wire.HandshakeDeadline;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The connecting side of a link to a {@link ControlServer} (a pool worker's to its pool, a
 * pipe end's claim): HELLO with the expected id, the HMAC handshake, and for {@link #connect}
 * the server's first frame.
 */
public final class ControlClient {

    /** An authenticated link and the first frame the server sent on it. */
    public record Connected(FrameChannel link, byte[] firstPayload) {}

    private ControlClient() {}

    /**
     * Connects to {@code socket}, announces {@code id}, authenticates both ways with
     * {@code authkey}, and reads the server's first frame.
     */
    public static Connected connect(Path socket, long id, byte[] authkey) throws IOException {
        var ch = authenticate(socket, id, authkey);
        try {
            var frame = ch.read();
            if (frame.type() != ControlProtocol.PAYLOAD) {
                throw new IOException("expected the first payload, got frame type " + frame.type());
            }
            return new Connected(ch, frame.payload());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Steps 1-3 only, for a server that expects the connection without a first payload
     * ({@link ControlServer#expectConnection} with a null payload): the authenticated link.
     */
    public static FrameChannel authenticate(Path socket, long id, byte[] authkey) throws IOException {
        var channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        // A server that cannot accept (out of descriptors, say) leaves the connection in its
        // backlog: give up at the handshake limit rather than wait for ever.
        var deadline = HandshakeDeadline.arm(channel, HandshakeDeadline.LIMIT);
        var ch = new FrameChannel(channel);
        try {
            ch.write(ControlProtocol.HELLO, ControlProtocol.longBytes(id));
            Handshake.client(ch, authkey);
            if (!deadline.finish()) {
                throw new IOException("timed out");
            }
            ch.setMaxFrameLength(ControlProtocol.AUTHENTICATED_LIMIT);
            return ch;
        } catch (IOException | RuntimeException e) {
            deadline.finish();
            ch.close();
            if (deadline.timedOut()) {
                throw new IOException("the server at " + socket + " did not complete the handshake within "
                        + HandshakeDeadline.LIMIT.toSeconds() + " s (it may be out of file descriptors or threads)", e);
            }
            throw e;
        }
    }
}
