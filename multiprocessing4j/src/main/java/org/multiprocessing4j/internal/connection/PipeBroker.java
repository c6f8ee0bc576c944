package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where other processes claim copies of this JVM's pipe ends: one Unix-domain socket in the
 * session directory, started on the first export. Each export is claimable once, by whoever
 * proves knowledge of its own random secret, which travels only inside the serialised
 * connection (itself sent over an authenticated channel).
 *
 * <pre>
 *  step  claiming process                       this JVM (broker)
 *  1     HELLO  export id (8 bytes)          →  looks the export up and removes it
 *  2-5   the HMAC handshake of {@link Handshake}, keyed with the export's secret
 *  6                                            relays frames between the claimed socket and the end
 * </pre>
 *
 * Nothing the claimant sends is decoded: the broker only relays whole frames of the pipe.
 */
final class PipeBroker {

    /** How long an export waits for its claim before releasing its hold on the pipe. */
    static final Duration CLAIM_LIMIT = Duration.ofSeconds(60);
    static final byte HELLO = 'H';

    private static final System.Logger LOG = System.getLogger(PipeBroker.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile PipeBroker instance;

    private record Export(SharedEnd end, byte[] secret) {}

    private final ServerSocketChannel server;
    private final Path socket;
    private final Map<Long, Export> exports = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private PipeBroker(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("mp4j-pipe-broker").start(this::acceptLoop);
    }

    static PipeBroker get() {
        PipeBroker b = instance;
        if (b == null) {
            synchronized (PipeBroker.class) {
                b = instance;
                if (b == null) {
                    var random = new byte[4];
                    RANDOM.nextBytes(random);
                    Path path = Session.directory().resolve(
                            "pipes-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + ".sock");
                    try {
                        b = new PipeBroker(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the pipe broker socket " + path, e);
                    }
                    instance = b;
                }
            }
        }
        return b;
    }

    /** Registers a claimable copy of {@code end} (which already counts it as a holder). */
    PipeEndHandle export(SharedEnd end) {
        long id = ids.incrementAndGet();
        var secret = new byte[32];
        RANDOM.nextBytes(secret);
        exports.put(id, new Export(end, secret));
        CompletableFuture.delayedExecutor(CLAIM_LIMIT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            Export unclaimed = exports.remove(id);
            if (unclaimed != null) {
                unclaimed.end().release();
            }
        });
        return new PipeEndHandle(socket.toString(), id, secret, end.isReadable(), end.isWritable());
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "pipe broker accept failed", e);
                }
                return;
            }
            Thread.ofVirtual().name("mp4j-pipe-claim").start(() -> serve(ch));
        }
    }

    /** Steps 1-6 for one claimant. */
    private void serve(SocketChannel ch) {
        Export export = null;
        try {
            var frames = new FrameChannel(ch);
            var hello = frames.read();
            if (hello.type() != HELLO || hello.payload().length != Long.BYTES) {
                throw new IOException("expected HELLO with an export id, got frame type " + hello.type());
            }
            long id = ByteBuffer.wrap(hello.payload()).getLong();
            export = exports.remove(id);
            if (export == null) {
                throw new IOException("no pending export with id " + id + " (claimed before, or expired)");
            }
            Handshake.server(frames, export.secret());
            var copy = new SocketTransport(ch, "a copy of the pipe end in another process", true, true);
            export.end().attach(copy, Long.toString(id));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "refused a pipe claim", e);
            SocketEndpoints.closeQuietly(ch);
            if (export != null) {
                export.end().release();
            }
        }
    }
}
