package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The connecting side of steps 1-4 of {@link ControlProtocol}, for every kind of link a
 * process opens to a {@link ControlServer}: a child to its parent, a pool worker to its pool.
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
        var ch = new FrameChannel(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        try {
            ch.write(ControlProtocol.HELLO, ControlProtocol.longBytes(id));
            Handshake.client(ch, authkey);
            ch.setMaxFrameLength(ControlProtocol.AUTHENTICATED_LIMIT);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
