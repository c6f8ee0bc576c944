package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.os.Backoff;
import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.connection.TlsConfig;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.SocketEndpoints;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.managers.ManagerException;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manager's server: objects held by id, one handler thread per authenticated connection,
 * each serving one request after another. Handlers are platform threads: a virtual thread's
 * wake-up on each request doubled the round trip (12 vs 20 us measured in a JIT-compiled
 * client), and a client holds a connection per thread, as CPython's server has a thread per
 * connection. Because a client thread always uses the
 * same connection, server-side lock ownership follows the client thread, as in CPython.
 *
 * <p>Thread-safe. The objects themselves must be thread-safe: calls from different connections
 * run concurrently.
 */
public final class Server implements Route {

    /** Servers running in this JVM by address: proxies decoded here call them directly. */
    private static final Map<String, Server> RUNNING = new ConcurrentHashMap<>();

    private enum State { NEW, LISTENING, STOPPED }

    private final Map<String, Registration> registry;
    private final byte[] authkey;
    private final List<String> allowed;
    private final TlsConfig tls; // null: plaintext
    private final Map<Long, Entry> objects = new ConcurrentHashMap<>();
    private final Map<Long, Long> transits = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** The calls of each connection that said HELLO, by its token: what a CANCEL interrupts. */
    private final Map<Long, Calls> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.NEW;
    private final java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(MAX_HANDSHAKES);
    private static final System.Logger LOG = LazyLogger.of(Server.class);
    private ServerSocketChannel channel;
    private Path socketFile;
    private String address;
    private Serializer serializer;
    private Wire.AllowList allowList;

    /*
     * Implementation overview. Each object has a reference count: one per proxy anywhere, plus
     * one per proxy "in transit" (serialised, not yet decoded). Serialising a proxy asks for a
     * transit id (TRANSIT, +1); the decoding side ADOPTs it, which hands that reference over
     * (or, for a transit already adopted because the bytes were decoded twice, takes a new
     * one). A proxy closed or collected sends DECREF; at zero the object is dropped (and
     * closed if AutoCloseable). The accept loop runs on the thread that calls serveForever().
     *
     * Interrupts. A client's interrupt reaches the handler thread running its call (CANCEL,
     * see Wire), so the call ends as an interrupted call of java.util.concurrent does: it
     * throws having had no effect (InterruptedException or InterruptedWaitException, sent back
     * as the reply), or it had completed, and its result is the reply. Calls numbers requests
     * per connection as the client does, so a late CANCEL never interrupts a later call; the
     * handler clears its interrupt status after every call.
     */

    /** One connection's requests: the one running, and the highest number a CANCEL named. */
    private static final class Calls {
        private final Thread handler;
        private long started;     // requests read on the connection
        private boolean running;  // request 'started' is being served
        private long cancelled;

        Calls(Thread handler) {
            this.handler = handler;
        }

        synchronized void begin() {
            started++;
            running = true;
            if (cancelled >= started) {
                handler.interrupt(); // cancelled before it was read
            }
        }

        synchronized void end() {
            running = false;
            Thread.interrupted(); // an interrupt meant for this call only
        }

        synchronized void cancel(long call) {
            cancelled = Math.max(cancelled, call);
            if (running && started == call) {
                handler.interrupt();
            }
        }
    }

    private static final class Entry {
        final Object object;
        final Class<?> iface;
        final String typeId;
        int refs = 1;

        Entry(Object object, Class<?> iface, String typeId) {
            this.object = object;
            this.iface = iface;
            this.typeId = typeId;
        }
    }

    /**
     * @param tls the TLS settings of every connection, or null for plaintext (BaseManager's
     *        builder has checked that the address is then a TCP one)
     */
    public Server(Map<String, Registration> registry, byte[] authkey, List<String> allowed, TlsConfig tls) {
        this.registry = Map.copyOf(registry);
        this.authkey = authkey.clone();
        this.allowed = List.copyOf(allowed);
        this.tls = tls;
    }

    /** Listens on {@code address} (null: a fresh Unix-domain socket); returns the real address. */
    public synchronized String bind(String address) {
        if (state != State.NEW) {
            throw new IllegalStateException("server already bound: state=" + state);
        }
        SocketAddress requested = address == null ? freshUnix() : Wire.parse(address);
        try {
            channel = requested instanceof UnixDomainSocketAddress
                    ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
            channel.bind(requested);
            if (address == null) {
                org.multiprocessing4j.internal.os.OwnerOnly.restrict(((UnixDomainSocketAddress) requested).getPath());
            }
            this.address = Wire.format(channel.getLocalAddress());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConnectionException("cannot listen on " + SocketEndpoints.describe(requested) + ": " + e, e);
        }
        socketFile = requested instanceof UnixDomainSocketAddress u ? u.getPath() : null;
        this.serializer = Wire.serializer(this.address, allowed, true);
        if (Wire.isNetwork(this.address)) {
            var all = new ArrayList<>(Wire.DEFAULT_ALLOWED);
            all.addAll(allowed);
            this.allowList = new Wire.AllowList(all);
        }
        state = State.LISTENING;
        RUNNING.put(this.address, this);
        return this.address;
    }

    private static java.net.SocketAddress freshUnix() {
        var random = new byte[6];
        Entropy.fill(random);
        return java.net.UnixDomainSocketAddress.of(org.multiprocessing4j.internal.spawn.Session.directory().resolve(
                "manager-" + ProcessHandle.current().pid() + "-" + java.util.HexFormat.of().formatHex(random) + ".sock"));
    }

    /** The server running in this JVM at {@code address}, or null. */
    static Server running(String address) {
        return RUNNING.get(address);
    }

    /** Handshakes in flight at most: a flood of silent peers then waits in the kernel's backlog. */
    static final int MAX_HANDSHAKES = 64;

    /**
     * Accepts connections until {@link #stop()}. Each is authenticated on a thread of its own,
     * so a peer that sends garbage, the wrong key or nothing at all delays nobody else; at most
     * {@link #MAX_HANDSHAKES} are authenticated at once (each for at most the 20 s handshake
     * limit), so a flood of unauthenticated peers delays legitimate clients but cannot exhaust
     * the server's threads and descriptors. A failing {@code accept} (out of descriptors) backs
     * off, 1 ms doubling to 1 s, instead of spinning.
     */
    public void serveForever() {
        if (state == State.NEW) {
            throw new IllegalStateException("server is not bound");
        }
        var backoff = new Backoff();
        while (state == State.LISTENING) {
            SocketChannel ch;
            try {
                handshakes.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                ch = channel.accept();
                backoff.reset();
            } catch (IOException e) {
                handshakes.release();
                if (state != State.LISTENING) {
                    break;
                }
                // e.g. too many open files: keep serving the connections there are, and retry
                backoff.fail();
                if (backoff.first()) {
                    try {
                        LOG.log(System.Logger.Level.WARNING, "the manager at " + address + " cannot accept a connection ("
                                + e + "); retrying with back-off");
                    } catch (RuntimeException | Error logFailed) {
                        // logging may itself need a descriptor (a class to load): the loop must go on
                    }
                }
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                continue;
            }
            try {
                Thread.ofPlatform().daemon().name("manager-connection").start(() -> authenticateAndServe(ch));
            } catch (RuntimeException | OutOfMemoryError e) { // no thread to be had: refuse this peer, keep serving
                handshakes.release();
                closeQuietly(ch);
            }
        }
        stopped.countDown();
    }

    private void authenticateAndServe(SocketChannel ch) {
        Connection c;
        try {
            c = Access.connection().wrap(SocketEndpoints.authenticate(ch, SocketEndpoints.Side.SERVER, authkey, tls,
                    "a client of the manager at " + address, SocketEndpoints.HANDSHAKE_LIMIT));
        } catch (RuntimeException e) {
            return; // a wrong key, garbage or silence: that peer was cut off (authenticate closed it)
        } finally {
            handshakes.release();
        }
        connections.add(c);
        if (state != State.LISTENING) {
            connections.remove(c);
            c.close();
            return;
        }
        serve(c);
    }

    /** Stops accepting and closes every connection (blocked clients see end of stream). */
    public void stop() {
        synchronized (this) {
            if (state != State.LISTENING) {
                return;
            }
            state = State.STOPPED;
        }
        RUNNING.remove(address, this);
        closeQuietly(channel); // ends a blocked accept
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException ignored) {
                // the session directory goes at exit anyway
            }
        }
        for (Connection c : connections) {
            c.close();
        }
        for (Entry e : objects.values()) {
            closeQuietly(e.object);
        }
        objects.clear();
    }

    /** Waits until the accept loop has ended. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void serve(Connection c) {
        var mine = new Calls(Thread.currentThread());
        long token = 0;
        try {
            while (true) {
                byte[] in = c.recvBytes();
                mine.begin();
                Object reply;
                boolean shutdown = false;
                try {
                    Wire.Request request;
                    try {
                        request = Wire.decodeRequest(serializer, in);
                    } catch (SerializationException e) { // the caller learns why, without our decoder's internals
                        throw new SerializationException("the manager at " + address + " cannot decode the call: "
                                + e.getMessage(), e.offendingClass(), null);
                    }
                    shutdown = request.op() == Wire.SHUTDOWN;
                    if (request.op() == Wire.HELLO && token == 0) {
                        token = ids.incrementAndGet();
                        calls.put(token, mine);
                        reply = token;
                    } else {
                        reply = dispatch(request);
                    }
                } catch (Throwable t) {
                    reply = Wire.failure(t, serializer, allowList);
                } finally {
                    mine.end();
                }
                byte[] out;
                try {
                    out = Wire.encodeReply(serializer, reply);
                } catch (SerializationException e) {
                    out = Wire.encodeReply(serializer, Wire.failure(new SerializationException(
                            "cannot send the result back from the manager: " + e.getMessage(), e.offendingClass(), e),
                            serializer, allowList));
                }
                c.sendBytes(out);
                if (shutdown) {
                    stop();
                    return;
                }
            }
        } catch (EndOfStreamException | ConnectionException | IllegalStateException e) {
            // the client went away (or the server stops)
        } finally {
            if (token != 0) {
                calls.remove(token);
            }
            connections.remove(c);
            c.close();
        }
    }

    /** Serves one request; throws what the method threw. */
    Object dispatch(Wire.Request r) throws Throwable {
        return switch (r.op()) {
            case Wire.CALL -> {
                Entry e = entry(r.id());
                Method m = MethodTable.of(e.iface).method(r.method());
                try {
                    if (e.object instanceof SyncTypes.Guarded) {
                        synchronized (e.object) {
                            yield m.invoke(e.object, r.args());
                        }
                    }
                    yield m.invoke(e.object, r.args());
                } catch (InvocationTargetException ex) {
                    throw ex.getCause();
                }
            }
            case Wire.TO_STRING -> String.valueOf(entry(r.id()).object);
            case Wire.CREATE -> create((String) r.args()[0], (String) r.args()[1],
                    Arrays.copyOfRange(r.args(), 2, r.args().length));
            case Wire.INCREF -> {
                incref(r.id());
                yield null;
            }
            case Wire.DECREF -> {
                decref(r.id());
                yield null;
            }
            case Wire.TRANSIT -> {
                incref(r.id());
                long transit = ids.incrementAndGet();
                transits.put(transit, r.id());
                yield transit;
            }
            case Wire.ADOPT -> {
                if (transits.remove((Long) r.args()[0]) == null) {
                    incref(r.id()); // those bytes were decoded before: this proxy needs a reference of its own
                }
                yield null;
            }
            case Wire.DROP_TRANSIT -> {
                if (transits.remove((Long) r.args()[0]) != null) {
                    decref(r.id()); // a proxy that arrived but was never used
                }
                yield null;
            }
            case Wire.COUNT -> objects.size();
            case Wire.CANCEL -> {
                Calls k = calls.get(r.id());
                if (k != null) {
                    k.cancel((Long) r.args()[0]);
                }
                yield null;
            }
            case Wire.SHUTDOWN -> null;
            default -> throw new IllegalArgumentException("unknown manager request: op=" + r.op());
        };
    }

    private long create(String typeId, String iface, Object[] args) throws Throwable {
        Registration reg = registry.get(typeId);
        if (reg == null) {
            throw new IllegalArgumentException("no type registered as typeId='" + typeId + "' on the manager at "
                    + address + "; registered: " + new java.util.TreeSet<>(registry.keySet()));
        }
        if (!reg.iface().getName().equals(iface)) {
            throw new IllegalArgumentException("type '" + typeId + "' is registered with interface "
                    + reg.iface().getName() + " on the manager at " + address + ", not " + iface);
        }
        Object o = reg.create(args);
        long id = ids.incrementAndGet();
        objects.put(id, new Entry(o, reg.iface(), typeId));
        return id;
    }

    private Entry entry(long id) {
        Entry e = objects.get(id);
        if (e == null) {
            throw new ManagerException("no object with id " + id + " on the manager at " + address
                    + ": it was released (its last proxy was closed or garbage-collected)");
        }
        return e;
    }

    private void incref(long id) {
        Entry e = entry(id);
        synchronized (e) {
            if (e.refs == 0) {
                throw new ManagerException("object " + id + " on the manager at " + address + " was just released");
            }
            e.refs++;
        }
    }

    private void decref(long id) {
        Entry e = objects.get(id);
        if (e == null) {
            return;
        }
        synchronized (e) {
            if (--e.refs > 0) {
                return;
            }
        }
        objects.remove(id, e);
        closeQuietly(e.object);
    }

    private static void closeQuietly(Object o) {
        if (o instanceof SyncTypes.Releasable r) {
            try {
                r.released();
            } catch (RuntimeException ignored) {
                // released anyway
            }
        } else if (o instanceof AutoCloseable a) {
            try {
                a.close();
            } catch (Exception ignored) {
                // released anyway
            }
        }
    }

    /**
     * The server-side object behind a proxy of this JVM's server, for objects built over
     * another ({@code condition(rLock)}).
     */
    static <T> T unwrap(Object proxy, Class<T> type, String what) {
        if (proxy != null && java.lang.reflect.Proxy.isProxyClass(proxy.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(proxy) instanceof ProxyHandler h
                && h.route() instanceof Server s) {
            Entry e = s.objects.get(h.id());
            if (e != null && type.isInstance(e.object)) {
                return type.cast(e.object);
            }
        }
        throw new IllegalArgumentException(what + ": got " + (proxy == null ? "null" : proxy.getClass().getName()));
    }

    public int objectCount() {
        return objects.size();
    }

    // --- Route: proxies living in the server's own JVM call it directly ---

    @Override
    public Object call(Wire.Request request) throws Throwable {
        if (state != State.LISTENING) {
            throw new ManagerException("the manager at " + address + " was shut down");
        }
        return dispatch(request);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public byte[] carriedAuthkey() {
        return Arrays.equals(authkey, Multiprocessing.currentProcess().authkey()) ? null : authkey.clone();
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
        return "Server[" + address + ", " + objects.size() + " objects, " + state + "]";
    }
}
