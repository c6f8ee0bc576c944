package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.internal.spawn.ControlClient;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A pipe end in transit: what a {@code Connection} over a {@link SharedEnd} serialises to.
 * Deserialising it claims the export from the {@link PipeBroker} of the process that sent it
 * (steps of the table there) and yields a {@code Connection} over the claimed socket, itself a
 * {@link SharedEnd} so that it can be passed on again.
 */
final class PipeEndHandle implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String broker;
    private final long id;
    private final byte[] secret;
    private final boolean readable;
    private final boolean writable;

    PipeEndHandle(String broker, long id, byte[] secret, boolean readable, boolean writable) {
        this.broker = broker;
        this.id = id;
        this.secret = secret;
        this.readable = readable;
        this.writable = writable;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        SocketChannel ch = null;
        try {
            ch = (SocketChannel) ControlClient.authenticate(Path.of(broker), id, secret).channel();
            var stream = new SocketTransport(ch, "the other end of the pipe (via its sending process)", true, true);
            return Connections.wrap(new SharedEnd(stream, readable, writable));
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                SocketEndpoints.closeQuietly(ch);
            }
            throw new ConnectionException("cannot receive a pipe end from the process that sent it (" + broker
                    + ", export " + id + "): " + e.getMessage(), e);
        }
    }
}
