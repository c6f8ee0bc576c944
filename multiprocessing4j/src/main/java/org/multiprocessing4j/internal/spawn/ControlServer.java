package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.os.Backoff;
import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.multiprocessing4j.internal.wire.HandshakeDeadline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint this JVM's pool workers, and the recipients of pipe ends it sends, connect to:
 * one Unix-domain socket in the session directory, created on first use. Each connection runs
 * HELLO and the handshake of {@link ControlProtocol} on a thread of its own and is then handed
 * to whoever expects it ({@link #expectConnection}). Children started for processes do not
 * connect here (see {@link ControlProtocol}).
 */
public final class ControlServer {

    /**
     * A client that is expected and has not connected yet. Without a first payload, its link
     * is handed over right after the handshake.
     */
    private record Pending(byte[] authkey, byte[] payload, CompletableFuture<FrameChannel> link) {}

    private static final System.Logger LOG = LazyLogger.of(ControlServer.class);
    private static volatile ControlServer instance;

    private final ServerSocketChannel server;
    private final Path socket;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private ControlServer(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        org.multiprocessing4j.internal.os.OwnerOnly.restrict(socket);
        Thread.ofPlatform().daemon().name("mp4j-control-accept").start(this::acceptLoop);
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** This JVM's control server, started on first use. */
    public static ControlServer get() {
        ControlServer s = instance;
        if (s == null) {
            synchronized (ControlServer.class) {
                s = instance;
                if (s == null) {
                    var random = new byte[4];
                    Entropy.fill(random);
                    SpawnPopen.prepare(); // a child is about to be started: its preparations start now
                    Path path = Session.directoryForLaunch().resolve(
                            "ctl-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + ".sock");
                    try {
                        s = new ControlServer(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the control socket " + path, e);
                    }
                    instance = s;
                    SpawnRuntime.onExit(SpawnRuntime.Phase.RESOURCES, ControlServer::shutdown);
                }
            }
        }
        return s;
    }

    /** Stops accepting and removes the socket file; children already connected are unaffected. */
    static void shutdown() {
        ControlServer s;
        synchronized (ControlServer.class) {
            s = instance;
            instance = null;
        }
        if (s != null) {
            try {
                s.server.close();
                Files.deleteIfExists(s.socket);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the control socket", e);
            }
        }
    }

    /** The path a client connects to. */
    public Path socket() {
        return socket;
    }

    /** A connection id no other client of this server uses. */
    public static long newId() {
        return IDS.incrementAndGet();
    }

    /**
     * Expects a {@link ControlClient} to connect with {@code id} and {@code authkey}; sends it
     * {@code firstPayload} once it has authenticated (nothing when null: the client then uses
     * {@link ControlClient#authenticate}). Every authenticated link a JVM accepts — pool
     * workers, claimed pipe ends — comes through here.
     *
     * @return completes with the authenticated link, or exceptionally if the handshake fails
     */
    public CompletableFuture<FrameChannel> expectConnection(long id, byte[] authkey, byte[] firstPayload) {
        var link = new CompletableFuture<FrameChannel>();
        pending.put(id, new Pending(authkey, firstPayload, link));
        return link;
    }

    /**
     * Stops expecting the client {@code id} (it died before connecting, or its time ran out).
     *
     * @return whether it was still expected (had not connected yet)
     */
    public boolean forgetConnection(long id) {
        return pending.remove(id) != null;
    }

    /** How many times {@code accept} failed while the socket was open (for tests and diagnostics). */
    private static final java.util.concurrent.atomic.AtomicLong ACCEPT_FAILURES = new java.util.concurrent.atomic.AtomicLong();

    /** How many times the accept loop failed and backed off (for tests and diagnostics). */
    public static long acceptFailures() {
        return ACCEPT_FAILURES.get();
    }


    /**
     * Accepts until the socket is closed. A failure (out of descriptors, out of memory for a
     * thread) is transient: the loop backs off, 1 ms doubling up to 1 s, and tries again; the
     * connections waiting meanwhile stay in the kernel's backlog. The loop never dies while the
     * socket is open, so a start blocked by it completes once the cause goes away, and otherwise
     * the client gives up at its handshake limit (see {@link ControlClient}).
     */
    private void acceptLoop() {
        var backoff = new Backoff();
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                try {
                    // A platform thread: the first virtual thread of a JVM sets up their scheduler
                    // and the socket poller (~30 ms of a cold parent's start, on its first child's
                    // path), and a handshake is short.
                    Thread.ofPlatform().daemon().name("mp4j-control-handshake").start(() -> serve(ch));
                } catch (RuntimeException | OutOfMemoryError e) {
                    ch.close(); // the client sees end of stream and reports why
                    throw e;
                }
                backoff.reset();
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                if (!server.isOpen()) {
                    return;
                }
                ACCEPT_FAILURES.incrementAndGet();
                long wait = backoff.fail();
                if (backoff.warn()) {
                    try {
                        // the log call itself may fail for the same reason (no descriptor left)
                        LOG.log(System.Logger.Level.WARNING, "control socket accept failed; retrying in " + wait + " ms: " + e);
                    } catch (RuntimeException | Error ignored) {
                        // keep accepting
                    }
                }
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    return; // only at JVM exit: this is a daemon thread nobody interrupts otherwise
                }
            }
        }
    }

    /** HELLO, the handshake and the first payload (if any) for one connecting client. */
    private void serve(SocketChannel ch) {
        var link = new FrameChannel(ch);
        // A peer that connects and stays silent (or slow) must not hold a thread and a
        // descriptor for ever: the handshake has the same limit as a Listener's.
        var deadline = HandshakeDeadline.arm(ch, HandshakeDeadline.LIMIT);
        Pending p = null;
        try {
            var hello = link.read();
            if (hello.type() != ControlProtocol.HELLO) {
                throw new IOException("expected HELLO, got frame type " + hello.type());
            }
            long id = ControlProtocol.readLong(hello.payload());
            p = pending.remove(id);
            if (p == null) {
                throw new IOException("connection for unknown client id " + id);
            }
            Handshake.server(link, p.authkey());
            if (!deadline.finish()) {
                throw new IOException("the handshake did not finish within " + HandshakeDeadline.LIMIT);
            }
            link.setMaxFrameLength(ControlProtocol.AUTHENTICATED_LIMIT);
            if (p.payload() != null) {
                link.write(ControlProtocol.PAYLOAD, p.payload());
            }
            p.link().complete(link);
        } catch (IOException | RuntimeException e) {
            deadline.finish();
            LOG.log(System.Logger.Level.DEBUG, "refused a control connection", e);
            try {
                link.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (p != null) {
                p.link().completeExceptionally(e);
            }
        }
    }
}
