package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.TlsConfig;
import org.multiprocessing4j.internal.pool.RemoteTrace;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.managers.ManagerException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client side of one manager in this JVM: a connection per calling thread (so that the
 * server's lock ownership follows client threads), opened on first use; connections of
 * threads that have ended are closed when the next one opens.
 *
 * <p>Thread-safe. A call on a connection that fails (end of stream, reset, refused) raises a
 * {@link ManagerException} naming the manager; nothing waits beyond the socket's own
 * end-of-stream, so a call to a manager that died fails at once.
 *
 * <p>Interrupts: a thread interrupted while its call is on the server (or on entry) forwards
 * the interrupt (a CANCEL on a connection of its own, see {@link Server}) and waits for the reply,
 * which says what happened there: the call threw (it had no effect, as
 * {@code java.util.concurrent} guarantees for an interrupted wait) and that exception is
 * thrown here, or it completed first and its result is returned with the interrupt status set
 * again. So an interrupted call never loses an effect (a queue's item, a lock, a permit), and
 * the connection stays in step, keeping the locks its thread holds on the server.
 */
public final class ClientEndpoint implements Route {

    private static final Map<Key, ClientEndpoint> ENDPOINTS = new ConcurrentHashMap<>();
    /** How long a call waits for its reply before it tries again to forward an interrupt the manager missed. */
    private static final java.time.Duration CANCEL_RETRY = java.time.Duration.ofMillis(100);

    /** What makes two endpoints the same: a proxy reuses the connections of an endpoint with the same key. */
    private record Key(String address, String authkey, List<String> allowed, TlsConfig tls) {}

    private final String address;
    private final byte[] authkey; // null: this process's key
    private final List<String> allowed;
    private final TlsConfig tls; // null: plaintext
    private final Serializer serializer;
    private final Map<Thread, Channel> connections = new ConcurrentHashMap<>();
    private final Object cancelLock = new Object();
    private Connection cancels; // cancelLock: where interrupts are forwarded, opened at the first one
    private volatile String closedReason;

    /**
     * A thread's connection, the server's token for it (HELLO) and how many frames it has sent:
     * the server counts them too, so a CANCEL names exactly one call.
     */
    private static final class Channel {
        final Connection connection;
        final long token;
        long sent; // only the owning thread

        Channel(Connection connection, long token) {
            this.connection = connection;
            this.token = token;
            this.sent = 1; // the HELLO
        }
    }

    private ClientEndpoint(String address, byte[] authkey, List<String> allowed, TlsConfig tls) {
        this.address = address;
        this.authkey = authkey;
        this.allowed = List.copyOf(allowed);
        this.tls = tls;
        this.serializer = Wire.serializer(address, allowed, false);
    }

    /** The endpoint for a manager; {@code authkey} null means this process's key, {@code tls} null plaintext. */
    public static ClientEndpoint of(String address, byte[] authkey, List<String> allowed, TlsConfig tls) {
        byte[] key = authkey != null ? authkey.clone() : null;
        var k = new Key(address, key == null ? null : HexFormat.of().formatHex(key), List.copyOf(allowed), tls);
        return ENDPOINTS.compute(k, (kk, e) -> e == null || e.closedReason != null
                ? new ClientEndpoint(address, key, allowed, tls) : e);
    }

    /** The key: the given one, or this process's (read when connecting: a child learns it late). */
    private byte[] key() {
        return authkey != null ? authkey : Multiprocessing.currentProcess().authkey();
    }

    @Override
    public Object call(Wire.Request request) throws Throwable {
        // An interrupt pending on entry is not a refusal here: it goes to the manager with the
        // call, so that its waits throw at once, as they would locally, while calls that do
        // not wait (a release, an unlock) still happen. The status is set again at the end,
        // except when an InterruptedException reports it (java.util.concurrent's forms).
        boolean[] interrupted = {Thread.interrupted()};
        try {
            return exchange(request, interrupted);
        } catch (InterruptedException e) {
            interrupted[0] = false;
            throw e;
        } finally {
            if (interrupted[0]) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends {@code request} and waits for its reply, forwarding interrupts; {@code interrupted[0]}: one came. */
    private Object exchange(Wire.Request request, boolean[] interrupted) throws Throwable {
        Channel ch = channel();
        Connection c = ch.connection;
        byte[] out = Wire.encodeRequest(serializer, request); // an unserialisable argument fails here, nothing sent
        long call = ch.sent + 1;
        boolean delivered = interrupted[0] && cancel(ch.token, call); // the interrupt reached the manager
        byte[] in;
        try {
            c.sendBytes(out);
            ch.sent = call;
            while (true) {
                try {
                    if (interrupted[0] && !delivered && !c.poll(CANCEL_RETRY)) {
                        delivered = cancel(ch.token, call); // the manager could not be told yet: again
                        continue;
                    }
                    in = c.recvBytes();
                    break;
                } catch (InterruptedWaitException e) {
                    Thread.interrupted(); // kept in 'interrupted'; set again once the reply is here
                    interrupted[0] = true;
                    if (!delivered) {
                        delivered = cancel(ch.token, call);
                    }
                }
            }
        } catch (EndOfStreamException | ConnectionException | IllegalStateException e) {
            drop(c);
            String reason = closedReason;
            throw new ManagerException(reason != null ? reason : e instanceof EndOfStreamException
                    ? "the manager at " + address + " is gone (it was shut down, or its process died): " + e.getMessage()
                    : "the connection to the manager at " + address + " failed: " + e.getMessage(), e);
        } catch (InterruptedWaitException e) {
            // a send interrupted while the socket was full: nothing of it went, or the transport
            // closed itself mid-frame; a cancel already naming this call would hit the next one
            if (c.isClosed() || delivered) {
                drop(c);
            }
            interrupted[0] = true;
            throw e;
        }
        Object reply = Wire.decodeReply(serializer, in);
        if (reply instanceof Wire.Failure f) {
            throw rebuild(f);
        }
        return reply; // with an interrupt: the call completed first, and its effect is delivered
    }

    /**
     * Forwards an interrupt of the thread waiting for call number {@code call} on the
     * connection with {@code token}; false if the manager could not be told.
     */
    private boolean cancel(long token, long call) {
        synchronized (cancelLock) {
            try {
                if (cancels == null || cancels.isClosed()) {
                    cancels = open();
                }
                cancels.sendBytes(Wire.encodeRequest(serializer, new Wire.Request(Wire.CANCEL, token, 0, new Object[] {call})));
                cancels.recvBytes();
                return true;
            } catch (RuntimeException e) {
                if (cancels != null) {
                    cancels.close();
                    cancels = null;
                }
                return false;
            }
        }
    }

    private Throwable rebuild(Wire.Failure f) {
        Throwable t = null;
        if (f.exception() != null) {
            try {
                t = (Throwable) serializer.decode(f.exception());
            } catch (RuntimeException | LinkageError e) {
                t = null; // not loadable here: the stand-in keeps its name, message and trace
            }
        }
        if (t == null) { // not loadable here, or not allowed on this channel: named, with its trace
            var trace = f.trace();
            t = new org.multiprocessing4j.RemoteExecutionException(trace.className(),
                    "the manager at " + address + " threw " + trace, trace);
            t.setStackTrace(new StackTraceElement[0]);
        }
        // the server's frames, then where the call was made here
        return RemoteTrace.withCallerFrames(t, "<manager at " + address + ">");
    }

    private Channel channel() {
        String reason = closedReason;
        if (reason != null) {
            throw new ManagerException(reason);
        }
        Thread me = Thread.currentThread();
        Channel ch = connections.get(me);
        if (ch != null && !ch.connection.isClosed()) {
            return ch;
        }
        connections.entrySet().removeIf(e -> {
            if (!e.getKey().isAlive() || e.getValue().connection.isClosed()) {
                e.getValue().connection.close();
                return true;
            }
            return false;
        });
        Connection c = open();
        long token;
        try {
            c.sendBytes(Wire.encodeRequest(serializer, new Wire.Request(Wire.HELLO, 0, 0, null)));
            token = (Long) Wire.decodeReply(serializer, c.recvBytes());
        } catch (EndOfStreamException | ConnectionException | IllegalStateException e) {
            c.close();
            throw new ManagerException("the manager at " + address + " closed a new connection right after accepting it"
                    + " (it is shutting down, or it is out of descriptors or threads): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            c.close(); // interrupted: nothing happened on the server
            throw e;
        }
        ch = new Channel(c, token);
        connections.put(me, ch);
        if (closedReason != null) {
            drop(c);
            throw new ManagerException(closedReason);
        }
        return ch;
    }

    /** A new authenticated connection to the manager. */
    private Connection open() {
        try {
            return Client.connect(Wire.parse(address), key(), tls);
        } catch (ConnectionException e) {
            throw new ManagerException("cannot reach the manager at " + address
                    + " (it was shut down, its process died, or it never started): " + e.getMessage(), e);
        } catch (org.multiprocessing4j.AuthenticationException e) {
            if (e.getCause() instanceof java.io.IOException && !(e.getCause() instanceof javax.net.ssl.SSLException)) {
                // the server went away mid-handshake: neither a wrong key nor a refused certificate
                throw new ManagerException("the manager at " + address + " did not complete the handshake with this process"
                        + " (it went away, or it is overloaded or out of descriptors): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private void drop(Connection c) {
        connections.values().removeIf(ch -> ch.connection == c);
        c.close();
    }

    /** Ends every connection; later calls raise {@link ManagerException} with {@code reason}. */
    public void close(String reason) {
        closedReason = reason;
        for (Channel ch : connections.values()) {
            ch.connection.close();
        }
        connections.clear();
        synchronized (cancelLock) {
            if (cancels != null) {
                cancels.close();
                cancels = null;
            }
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public byte[] carriedAuthkey() {
        return authkey == null || Arrays.equals(authkey, Multiprocessing.currentProcess().authkey()) ? null : authkey.clone();
    }

    @Override
    public List<String> allowed() {
        return allowed;
    }

    @Override
    public TlsConfig tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "ClientEndpoint[" + address + ", " + connections.size() + " connections]";
    }
}
