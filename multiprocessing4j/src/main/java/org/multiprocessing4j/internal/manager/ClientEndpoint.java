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
 */
public final class ClientEndpoint implements Route {

    private static final Map<Key, ClientEndpoint> ENDPOINTS = new ConcurrentHashMap<>();

    /** What makes two endpoints the same: a proxy reuses the connections of an endpoint with the same key. */
    private record Key(String address, String authkey, List<String> allowed, TlsConfig tls) {}

    private final String address;
    private final byte[] authkey; // null: this process's key
    private final List<String> allowed;
    private final TlsConfig tls; // null: plaintext
    private final Serializer serializer;
    private final Map<Thread, Connection> connections = new ConcurrentHashMap<>();
    private volatile String closedReason;

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
        Connection c = connection();
        byte[] out = Wire.encodeRequest(serializer, request); // an unserialisable argument fails here, nothing sent
        byte[] in;
        try {
            c.sendBytes(out);
            in = c.recvBytes();
        } catch (EndOfStreamException | ConnectionException | IllegalStateException e) {
            drop(c);
            String reason = closedReason;
            throw new ManagerException(reason != null ? reason : e instanceof EndOfStreamException
                    ? "the manager at " + address + " is gone (it was shut down, or its process died): " + e.getMessage()
                    : "the connection to the manager at " + address + " failed: " + e.getMessage(), e);
        } catch (InterruptedWaitException e) {
            drop(c); // the reply may still come: this connection cannot be trusted to be in step
            throw e;
        }
        Object reply = Wire.decodeReply(serializer, in);
        if (reply instanceof Wire.Failure f) {
            throw rebuild(f);
        }
        return reply;
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

    private Connection connection() {
        String reason = closedReason;
        if (reason != null) {
            throw new ManagerException(reason);
        }
        Thread me = Thread.currentThread();
        Connection c = connections.get(me);
        if (c != null && !c.isClosed()) {
            return c;
        }
        connections.entrySet().removeIf(e -> {
            if (!e.getKey().isAlive() || e.getValue().isClosed()) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        try {
            c = Client.connect(Wire.parse(address), key(), tls);
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
        connections.put(me, c);
        if (closedReason != null) {
            drop(c);
            throw new ManagerException(closedReason);
        }
        return c;
    }

    private void drop(Connection c) {
        connections.values().remove(c);
        c.close();
    }

    /** Ends every connection; later calls raise {@link ManagerException} with {@code reason}. */
    public void close(String reason) {
        closedReason = reason;
        for (Connection c : connections.values()) {
            c.close();
        }
        connections.clear();
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
