package org.multiprocessing4j.testing;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Socket addresses for tests (Unix-domain in a temporary directory, or TCP on 127.0.0.1 port 0) and connected pairs. */
public final class Endpoints {

    public enum Kind { UNIX, TCP }

    private Endpoints() {}

    public static SocketAddress address(Kind kind) {
        return switch (kind) {
            case UNIX -> {
                try {
                    yield UnixDomainSocketAddress.of(Files.createTempDirectory("mp4j-conn-").resolve("l.sock"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case TCP -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        };
    }

    /** Removes the temporary directory of a Unix-domain address (after the listener is closed). */
    public static void cleanUp(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress u) {
            try {
                Files.deleteIfExists(u.getPath());
                Files.deleteIfExists(u.getPath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Two connected ends in this JVM: [0] accepted by {@code listener}, [1] the client's. */
    public static Connection[] pair(Listener listener, byte[] authkey) {
        var accepted = CompletableFuture.supplyAsync(listener::accept);
        Connection client = Client.connect(listener.address(), authkey);
        try {
            return new Connection[] {accepted.get(Delays.seconds(10).toMillis(), TimeUnit.MILLISECONDS), client};
        } catch (Exception e) {
            client.close();
            throw new AssertionError("accept did not complete", e);
        }
    }

    /**
     * Reads whatever the peer still says on {@code raw} and then end of stream (or a reset, which
     * is a disconnection too); true if that happens within {@code limit}.
     */
    public static boolean readsEndOfStream(java.nio.channels.SocketChannel raw, java.time.Duration limit) throws Exception {
        var read = CompletableFuture.supplyAsync(() -> {
            var buf = java.nio.ByteBuffer.allocate(8192);
            try {
                while (true) {
                    buf.clear();
                    if (raw.read(buf) < 0) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return true;
            }
        });
        return read.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
