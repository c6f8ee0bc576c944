package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.SocketEndpoints;
import org.multiprocessing4j.internal.spawn.Session;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound socket that accepts authenticated {@link Connection}s: Python's
 * {@code multiprocessing.connection.Listener}.
 *
 * <p>The address is a {@link UnixDomainSocketAddress} (a socket file, removed again by
 * {@link #close()}) or an {@link java.net.InetSocketAddress} (port 0 picks a free port;
 * {@link #address()} tells which). Every accepted peer must prove knowledge of the authkey, and
 * learns that this side knows it too, before {@link #accept()} returns; nothing it sends is
 * decoded before that.
 *
 * <p><strong>The authkey means full trust</strong>, as in CPython: once a peer has
 * authenticated, {@link Connection#recv()} decodes whatever classes it sends (their
 * deserialisation code, static initialisers included, runs in this JVM), unlike a manager on
 * TCP, which decodes only its allow-list. Give the key only to peers you would let run code as
 * this process's user; on an untrusted network add TLS, and send plain data
 * ({@link Connection#sendBytes}) when the other side is less trusted.
 *
 * <p>A peer that fails (wrong key, garbage, an oversized length prefix, silence beyond
 * {@link SocketEndpoints#HANDSHAKE_LIMIT}) is disconnected and {@code accept} raises
 * {@link AuthenticationException}, as CPython's does; the listener itself stays open and the
 * next {@code accept} waits for the next peer.
 *
 * <p>On TCP the listener may use TLS ({@link #Listener(SocketAddress, byte[], TlsConfig)}): it
 * presents its key store's certificate, and the authkey handshake runs inside TLS, within the
 * same time limit. Its clients must connect with a {@link TlsConfig} that trusts that
 * certificate; a plaintext client is refused at once (with an {@link AuthenticationException}
 * on both sides), and the listener keeps serving.
 *
 * <p>Thread-safe: concurrent {@code accept} calls take connections one at a time;
 * {@link #close()} from another thread ends a blocked {@code accept} with
 * {@link IllegalStateException}. A listener belongs to the process that created it and is not
 * serialisable; give a child its {@link #address()} instead.
 */
public final class Listener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final SocketAddress address;
    private final byte[] authkey;
    private final TlsConfig tls; // null: plaintext
    private final Path socketFile;
    private final Selector selector;
    private final ReentrantLock acceptLock = new ReentrantLock();
    private volatile boolean closed;

    /*
     * Implementation overview. The server socket is non-blocking and accept waits on a private
     * selector: a blocking accept would be unbounded, and an interrupt would close the whole
     * listener (NIO closes an interruptible channel whose blocked thread is interrupted). Each
     * accepted socket is authenticated by SocketEndpoints before it becomes a Connection.
     * Lifecycle: open -> closed (one volatile flag); close() closes the selector first, which
     * wakes a blocked accept.
     */

    /** A listener on a fresh Unix-domain socket in the session directory, with the current process's authkey. */
    public Listener() {
        this(freshUnixAddress());
    }

    /** A listener on {@code address} with the current process's authkey (which children inherit). */
    public Listener(SocketAddress address) {
        this(address, Multiprocessing.currentProcess().authkey());
    }

    /**
     * A listener bound to {@code address} that accepts only peers knowing {@code authkey}.
     *
     * @throws IllegalArgumentException if {@code authkey} is empty or the address family is not
     *         Unix-domain or IP
     * @throws ConnectionException if the address cannot be bound (in use, no permission, ...)
     */
    public Listener(SocketAddress address, byte[] authkey) {
        this(address, authkey, null);
    }

    /**
     * A TCP listener bound to {@code address} that accepts only TLS connections from peers
     * knowing {@code authkey}, presenting the certificate of {@code tls}'s key store; with
     * {@code tls} null, as {@link #Listener(SocketAddress, byte[])}.
     *
     * @throws IllegalArgumentException if {@code authkey} is empty, the address is not an
     *         {@code InetSocketAddress} (TLS is for TCP only: a Unix-domain socket never leaves
     *         the machine and is reachable only as the file permissions allow), or {@code tls}
     *         has no key store
     * @throws ConnectionException if the address cannot be bound (in use, no permission, ...)
     */
    public Listener(SocketAddress address, byte[] authkey, TlsConfig tls) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        if (authkey.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty: authkey.length=0");
        }
        if (tls != null) {
            checkTlsAddress(address);
            if (tls.keyStore() == null) {
                throw new IllegalArgumentException("a TLS listener presents a certificate, but tls has no key store: tls="
                        + tls + " (set one with TlsConfig.builder().keyStore(..))");
            }
        }
        this.authkey = authkey.clone();
        this.tls = tls;
        ServerSocketChannel s = null;
        try {
            s = switch (address) {
                case UnixDomainSocketAddress u -> ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                case java.net.InetSocketAddress i -> ServerSocketChannel.open();
                default -> throw new IllegalArgumentException("address must be a UnixDomainSocketAddress or an "
                        + "InetSocketAddress: address=" + address + " (" + address.getClass().getName() + ")");
            };
            s.bind(address);
            s.configureBlocking(false);
            this.selector = Selector.open();
            s.register(selector, SelectionKey.OP_ACCEPT);
            this.server = s;
            this.address = s.getLocalAddress();
            this.socketFile = address instanceof UnixDomainSocketAddress u ? u.getPath() : null;
            if (socketFile != null && socketFile.getParent() != null && socketFile.getParent().equals(Session.existing())) {
                org.multiprocessing4j.internal.os.OwnerOnly.restrict(socketFile); // generated: 0600, as its directory is 0700
            }
        } catch (IOException e) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            throw new ConnectionException("cannot listen on " + SocketEndpoints.describe(address) + ": " + e, e);
        }
    }

    /** The bound address (with the actual port when port 0 was asked for). */
    public SocketAddress address() {
        return address;
    }

    /**
     * Waits for a peer, authenticates it and returns the connection to it.
     *
     * @throws AuthenticationException if the peer that connected failed the handshake (it was
     *         disconnected; the listener stays open)
     * @throws IllegalStateException if the listener is or gets closed
     * @throws InterruptedWaitException if the thread is interrupted while waiting
     */
    public Connection accept() {
        return acceptWithin(-1, null);
    }

    /**
     * As {@link #accept()}, waiting at most {@code timeout} (negative: zero; null: no limit) for a
     * peer to connect and authenticate.
     *
     * @throws WaitTimeoutException if no authenticated peer arrived in time
     */
    public Connection accept(Duration timeout) {
        if (timeout == null) {
            return accept();
        }
        return acceptWithin(Math.max(0, timeout.toNanos()), timeout);
    }

    private Connection acceptWithin(long timeoutNanos, Duration timeout) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            acceptLock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("accepting on " + describe(), e);
        }
        SocketChannel ch;
        try {
            ch = nextSocket(timeoutNanos, deadline, timeout);
        } finally {
            acceptLock.unlock();
        }
        Duration limit = SocketEndpoints.HANDSHAKE_LIMIT;
        if (timeoutNanos >= 0) {
            limit = Duration.ofNanos(Math.min(limit.toNanos(), Math.max(1, deadline - System.nanoTime())));
        }
        var transport = SocketEndpoints.authenticate(ch, SocketEndpoints.Side.SERVER, authkey, tls,
                "a client of " + describe(), limit);
        return Access.connection().wrap(transport);
    }

    private SocketChannel nextSocket(long timeoutNanos, long deadline, Duration timeout) {
        while (true) {
            checkOpen();
            try {
                SocketChannel ch = server.accept();
                if (ch != null) {
                    return ch;
                }
                long remaining = deadline - System.nanoTime();
                if (timeoutNanos >= 0 && remaining <= 0) {
                    throw new WaitTimeoutException("no connection on " + describe() + " within " + timeout);
                }
                if (Thread.interrupted()) {
                    throw InterruptedWaitException.of("accepting on " + describe(), new InterruptedException());
                }
                selector.selectedKeys().clear();
                if (timeoutNanos < 0) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
                }
                if (Thread.interrupted()) {
                    throw InterruptedWaitException.of("accepting on " + describe(), new InterruptedException());
                }
            } catch (ClosedSelectorException e) {
                checkOpen();
                throw e;
            } catch (IOException e) {
                checkOpen();
                throw new ConnectionException("accept failed on " + describe() + ": " + e, e);
            }
        }
    }

    /** Stops listening and removes a Unix-domain socket file. Idempotent and thread-safe. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            selector.close(); // wakes a blocked accept
        } catch (IOException e) {
            // closing anyway
        }
        try {
            server.close();
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        } catch (IOException e) {
            // nothing more to release
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Listener[" + describe() + (tls != null ? ", TLS" : "") + (closed ? ", closed]" : "]");
    }

    private String describe() {
        return SocketEndpoints.describe(address);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("listener on " + describe() + " is closed");
        }
    }

    /** TLS is for TCP: refuses any other address, saying why. */
    static void checkTlsAddress(SocketAddress address) {
        if (!(address instanceof java.net.InetSocketAddress)) {
            throw new IllegalArgumentException("TLS needs a TCP address (an InetSocketAddress): address=" + address
                    + "; a Unix-domain socket stays on this machine and is protected by its file permissions");
        }
    }

    private static SocketAddress freshUnixAddress() {
        var random = new byte[6];
        Entropy.fill(random);
        return UnixDomainSocketAddress.of(Session.directory().resolve(
                "listener-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + ".sock"));
    }
}
