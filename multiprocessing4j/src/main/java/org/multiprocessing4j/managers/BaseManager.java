package org.multiprocessing4j.managers;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.TlsConfig;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.context.StartMethod;
import org.multiprocessing4j.internal.manager.ClientEndpoint;
import org.multiprocessing4j.internal.manager.ProxyHandler;
import org.multiprocessing4j.internal.manager.Registration;
import org.multiprocessing4j.internal.manager.Server;
import org.multiprocessing4j.internal.manager.ServerMain;
import org.multiprocessing4j.internal.manager.Wire;
import org.multiprocessing4j.internal.spawn.SpawnPopen;

import java.io.IOException;
import java.io.Serializable;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A manager (Python's {@code multiprocessing.managers.BaseManager}): a server holding objects
 * that any process, also on another machine, uses through proxies (DESIGN.md §8).
 *
 * <pre>{@code
 * var manager = BaseManager.builder().build();
 * manager.register("counter", Counter.class, CounterImpl.class);   // before start()
 * try (manager) {
 *     manager.start();                                               // the server: a child JVM
 *     Counter c = manager.create("counter", Counter.class, 10);      // new CounterImpl(10) there
 *     c.increment();                                                  // a call on the server
 * }
 * }</pre>
 *
 * <p><b>Server.</b> {@link #start()} runs it in a child JVM (the address comes back to this
 * process); {@link #serveForever()} runs it in the calling thread; {@link #connect()} joins
 * one that already runs elsewhere (same types registered there). The address is a Unix-domain
 * socket (default: a fresh one in the session directory) or a TCP {@code InetSocketAddress}
 * (port 0: any free port, {@link #address()} tells which). Every connection is authenticated
 * with the HMAC handshake of {@link org.multiprocessing4j.connection.Listener} before a byte
 * is decoded; the key is the builder's {@code authkey}, by default this process's
 * {@link Process#authkey()} (which children inherit). On TCP the decoding is strict: only
 * classes on an allow-list are accepted ({@code java.lang}, {@code java.util},
 * {@code java.time}, {@code java.math}, this library, and what
 * {@link Builder#allowClasses} adds); a wrong key or garbage on the port is refused and the
 * server keeps serving. On TCP the connections may also use TLS ({@link Builder#tls}): the
 * server presents the certificate of the {@link TlsConfig}'s key store, clients verify it
 * against its trust store, and the authkey handshake then runs inside TLS.
 *
 * <p><b>Types.</b> {@link #register(String, Class, Class)} names an interface and an
 * implementation whose constructor receives {@link #create}'s arguments;
 * {@link #register(String, Class, Supplier)} a factory without arguments (for a server in a
 * child JVM it must be serialisable, e.g. {@code (Supplier<Counter> & Serializable) CounterImpl::new}).
 * Objects must be thread-safe: calls from different client threads run concurrently.
 *
 * <p><b>Proxies.</b> A proxy is a {@link java.lang.reflect.Proxy} of the interface (and of
 * {@link ManagedProxy}); each call is a round trip carrying copies of the arguments and
 * returning a copy of the result. One client thread uses one connection, so a lock taken
 * through a proxy is owned by the calling thread, as in CPython. An exception thrown on the
 * server is thrown by the call with its own type when this JVM can load it (its stack trace
 * is the server's, then the caller's); otherwise, and for undeclared checked exceptions, a
 * {@link org.multiprocessing4j.RemoteExecutionException} names it. Proxies are serialisable:
 * pass them to child processes, {@code Pool} tasks, queues, or store them inside other
 * proxies (nesting; the manager then keeps a reference). They reconnect where they arrive,
 * with that process's key unless the manager's key differs, in which case the key travels
 * with the proxy (over the authenticated channels of this library only); the manager's
 * {@link TlsConfig} travels with it too, so a proxy of a TLS manager reconnects with TLS. The manager drops an
 * object when the last proxy anywhere is closed ({@link ManagedProxy#close()}) or garbage
 * collected.
 *
 * <p><b>Failures.</b> A call after {@link #shutdown()}, or to a manager whose process died,
 * fails at once with {@link ManagerException}; so does a call blocked on the server when the
 * server dies (its connection ends). Interrupting a thread blocked in a call raises
 * {@link org.multiprocessing4j.InterruptedWaitException} and drops that thread's connection;
 * the server finishes the call and its result is discarded.
 *
 * <p><b>Lifetime.</b> The server's process is a non-daemonic child (it may start children of
 * its own): close the manager (try-with-resources) when done. A manager left open does not keep
 * the program alive: a JVM that exits, because {@code main} returned, by {@code System.exit} or
 * by a signal, shuts its started managers down first, as CPython does. The server's process
 * dies with this one.
 *
 * <p>Thread-safe: proxies and {@link #create} may be used from any thread. Lifecycle:
 * {@code NEW → STARTED | SERVING | CONNECTED → SHUT_DOWN}; {@link #close()} is
 * {@link #shutdown()} for a manager this object started or serves, and a disconnect otherwise.
 */
public class BaseManager implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** Managers this JVM started: shut down at exit before children are joined (CPython does the same). */
    private static final java.util.Set<BaseManager> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        org.multiprocessing4j.internal.spawn.SpawnRuntime.onExit(
                org.multiprocessing4j.internal.spawn.SpawnRuntime.Phase.FINALIZERS, () -> {
                    for (BaseManager m : List.copyOf(STARTED)) {
                        m.shutdown();
                    }
                });
    }
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

    private enum State { NEW, STARTED, SERVING, CONNECTED, SHUT_DOWN }

    private final SocketAddress requestedAddress;
    private final byte[] authkey;
    private final List<String> allowed;
    private final TlsConfig tls;
    private final StartMethod startMethod;
    private final Map<String, Registration> registry = new LinkedHashMap<>();
    private volatile State state = State.NEW;
    private volatile String address;
    private volatile Object route; // ClientEndpoint or Server
    private Process process;

    /*
     * Implementation overview. The server (internal.manager.Server) holds objects by id with
     * reference counts; proxies (ProxyHandler) send (op, id, method number, args) requests
     * over per-thread connections (ClientEndpoint) and rebuild remote exceptions. start()
     * forks a child JVM running ServerMain, which reports the bound address through a pipe.
     * serveForever() runs the same Server here, and proxies created here call it directly.
     */

    /** Settings of a manager; {@code build()} creates it unstarted. */
    public static final class Builder<M extends BaseManager> {
        private final Function<Builder<M>, M> constructor;
        private SocketAddress address;
        private byte[] authkey;
        private final List<String> allowed = new ArrayList<>();
        private TlsConfig tls;
        private StartMethod startMethod;

        Builder(Function<Builder<M>, M> constructor) {
            this.constructor = constructor;
        }

        /** Where the server listens: a {@code UnixDomainSocketAddress} or an {@code InetSocketAddress}. */
        public Builder<M> address(SocketAddress address) {
            Objects.requireNonNull(address, "address");
            Wire.format(address); // rejects other kinds
            this.address = address;
            return this;
        }

        /** The key of the handshake; default: this process's {@code authkey()}. */
        public Builder<M> authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length == 0) {
                throw new IllegalArgumentException("authkey must not be empty: authkey.length=0");
            }
            this.authkey = authkey.clone();
            return this;
        }

        /**
         * Classes a TCP channel may decode besides the defaults: binary class names, or
         * package prefixes ending in {@code .*} ({@code "com.example.model.*"}, subpackages
         * included). Needed on both sides for the classes of arguments and results.
         */
        public Builder<M> allowClasses(String... classesOrPackages) {
            for (String c : classesOrPackages) {
                Objects.requireNonNull(c, "classesOrPackages element");
                allowed.add(c);
            }
            return this;
        }

        /**
         * TLS for every connection to the server, which then needs a TCP {@link #address}: the
         * server presents the certificate of {@code tls}'s key store (required for
         * {@code start()} and {@code serveForever()}), clients verify it against its trust
         * store. The same configuration serves both sides; {@code connect()} from another
         * machine needs only a trust store. Proxies carry it to the processes they reach.
         */
        public Builder<M> tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * The start method of the server's process for {@link #start()}; default: the
         * process-wide one.
         *
         * @throws IllegalArgumentException if {@code method} is not one of
         *         {@link Multiprocessing#getAllStartMethods()}
         */
        public Builder<M> startMethod(String method) {
            this.startMethod = LocalStartMethod.named(method);
            return this;
        }

        /**
         * The manager, unstarted.
         *
         * @throws IllegalArgumentException if {@link #tls} is set without a TCP {@link #address}
         */
        public M build() {
            if (tls != null && !(address instanceof java.net.InetSocketAddress)) {
                throw new IllegalArgumentException("a manager with TLS needs a TCP address (an InetSocketAddress): address="
                        + (address == null ? "none (a fresh Unix-domain socket)" : address)
                        + "; set one with builder().address(..)");
            }
            return constructor.apply(this);
        }
    }

    /** A builder of a {@code BaseManager}. */
    public static Builder<? extends BaseManager> builder() {
        return new Builder<BaseManager>(BaseManager::new);
    }

    protected BaseManager(Builder<? extends BaseManager> builder) {
        this.requestedAddress = builder.address;
        this.authkey = builder.authkey;
        this.allowed = List.copyOf(builder.allowed);
        this.tls = builder.tls;
        this.startMethod = builder.startMethod;
    }

    static <M extends BaseManager> Builder<M> builder(Function<Builder<M>, M> constructor) {
        return new Builder<>(constructor);
    }

    /**
     * Registers a type the server creates with {@code implementation}'s constructor, called
     * with {@link #create}'s arguments (primitive parameters accept their boxes). Before
     * {@link #start()} / {@link #serveForever()}.
     */
    public <T> BaseManager register(String typeId, Class<T> iface, Class<? extends T> implementation) {
        Objects.requireNonNull(implementation, "implementation");
        return register(new Registration(checkTypeId(typeId), Objects.requireNonNull(iface, "iface"), null, implementation));
    }

    /**
     * Registers a type the server creates with {@code factory} (no arguments). For a server
     * started in a child JVM the factory must be serialisable. Before {@link #start()} /
     * {@link #serveForever()}.
     */
    public <T> BaseManager register(String typeId, Class<T> iface, Supplier<? extends T> factory) {
        Objects.requireNonNull(factory, "factory");
        return register(new Registration(checkTypeId(typeId), Objects.requireNonNull(iface, "iface"), factory, null));
    }

    private BaseManager register(Registration r) {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("register types before start(), serveForever() or connect(): state=" + state);
            }
            registry.put(r.typeId(), r);
        }
        return this;
    }

    private static String checkTypeId(String typeId) {
        Objects.requireNonNull(typeId, "typeId");
        if (typeId.isBlank()) {
            throw new IllegalArgumentException("typeId must not be blank: typeId='" + typeId + "'");
        }
        return typeId;
    }

    /**
     * Starts the server in a child JVM and waits until it listens.
     *
     * @throws ManagerException if the server could not bind its address or its process ended
     * @throws IllegalStateException if already started, serving, connected or shut down
     * @throws IllegalArgumentException if a registered factory is not serialisable
     */
    public BaseManager start() {
        Pipe pipe;
        synchronized (this) {
            checkState(State.NEW, "start()");
            checkServerTls();
            for (Registration r : registry.values()) {
                if (r.supplier() != null && !(r.supplier() instanceof Serializable)) {
                    throw new IllegalArgumentException("the factory of typeId '" + r.typeId() + "' is not serialisable, so "
                            + "it cannot reach the manager's process: register an implementation class, or cast the "
                            + "lambda to (Supplier<" + r.iface().getSimpleName() + "> & Serializable)");
                }
            }
            pipe = Pipe.open(false);
            var spec = new ServerMain.Spec(Map.copyOf(registry), authkey, allowed,
                    requestedAddress == null ? null : Wire.format(requestedAddress), tls);
            process = (startMethod != null ? Access.process().builder(startMethod) : Process.builder())
                    .target(ServerMain.target(spec, pipe.right()))
                    .name(getClass().getSimpleName() + "-server")
                    .build();
            // Shut down at exit (the FINALIZERS task above), so it must not keep a JVM whose main returned alive.
            SpawnPopen.startStoppedAtExit(process::start);
            state = State.STARTED;
            STARTED.add(this);
        }
        String reported;
        try (pipe) {
            reported = awaitAddress(pipe.left());
        } catch (RuntimeException e) {
            stopProcess();
            state = State.SHUT_DOWN;
            throw e;
        }
        address = reported;
        route = ClientEndpoint.of(reported, authkey, allowed, tls);
        return this;
    }

    private String awaitAddress(Connection from) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready;
            try {
                ready = from.poll(Duration.ofMillis(100));
            } catch (EndOfStreamException e) {
                ready = true;
            }
            if (ready) {
                Object m;
                try {
                    m = from.recv();
                } catch (EndOfStreamException e) {
                    process.join(EXIT_LIMIT);
                    throw new ManagerException("the manager's process ended before it listened: exitCode="
                            + process.exitCode());
                }
                String s = (String) m;
                if (s.startsWith("error: ")) {
                    throw new ManagerException("the manager could not listen on "
                            + (requestedAddress == null ? "a fresh Unix-domain socket" : requestedAddress) + ": " + s.substring(7));
                }
                return s;
            }
            if (!process.isAlive()) {
                throw new ManagerException("the manager's process ended before it listened: exitCode=" + process.exitCode());
            }
        }
        throw new ManagerException("the manager's process did not listen within " + START_LIMIT);
    }

    /**
     * Connects to a server that already runs at the builder's address.
     *
     * @throws ManagerException if nothing listens there
     * @throws org.multiprocessing4j.AuthenticationException if the keys differ, or the TLS handshake fails
     *         (an untrusted certificate, a server without TLS or with TLS when this manager has none)
     */
    public BaseManager connect() {
        synchronized (this) {
            checkState(State.NEW, "connect()");
            if (requestedAddress == null) {
                throw new IllegalStateException("connect() needs the server's address: set it with builder().address(..)");
            }
            String a = Wire.format(requestedAddress);
            var endpoint = ClientEndpoint.of(a, authkey, allowed, tls);
            ProxyHandler.objectCount(endpoint); // fails now if nothing listens or the key is wrong
            address = a;
            route = endpoint;
            state = State.CONNECTED;
        }
        return this;
    }

    /**
     * Runs the server in the calling thread until {@link #shutdown()} (from another thread) or
     * a client's shutdown. {@link #address()} is known as soon as it listens.
     */
    public void serveForever() {
        Server server;
        synchronized (this) {
            checkState(State.NEW, "serveForever()");
            checkServerTls();
            byte[] key = authkey != null ? authkey : Multiprocessing.currentProcess().authkey();
            server = new Server(registry, key, allowed, tls);
            address = server.bind(requestedAddress == null ? null : Wire.format(requestedAddress));
            route = server;
            state = State.SERVING;
        }
        try {
            server.serveForever();
        } finally {
            server.stop();
            state = State.SHUT_DOWN;
        }
    }

    /**
     * Creates an object of a registered type on the server and returns its proxy.
     *
     * @throws IllegalArgumentException if {@code typeId} is not registered there, with
     *         {@code iface}, or no constructor takes {@code args}
     * @throws ManagerException if the manager is gone
     */
    public <T> T create(String typeId, Class<T> iface, Object... args) {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(iface, "iface");
        return ProxyHandler.create(liveRoute(), typeId, iface, args == null ? new Object[] {null} : args);
    }

    /** The number of objects the server holds now (diagnostics: shows releases). */
    public int objectCount() {
        return ProxyHandler.objectCount(liveRoute());
    }

    private org.multiprocessing4j.internal.manager.Route liveRoute() {
        Object r = route;
        State s = state;
        if (s == State.SHUT_DOWN) {
            throw new ManagerException("the manager at " + address + " was shut down");
        }
        if (r == null) {
            throw new IllegalStateException("the manager is not running: call start(), connect() or serveForever() first");
        }
        return (org.multiprocessing4j.internal.manager.Route) r;
    }

    /** The server's address (for TCP port 0, the real port), or null before it listens. */
    public SocketAddress address() {
        String a = address;
        return a == null ? null : Wire.parse(a);
    }

    /** The manager's child process after {@link #start()}, or null. */
    public Process process() {
        return process;
    }

    /**
     * Stops the server: the one this object started (its process exits), the one it serves,
     * or, when connected, the remote one. Proxies then fail with {@link ManagerException}.
     * Idempotent.
     */
    public void shutdown() {
        State was;
        synchronized (this) {
            was = state;
            if (was == State.SHUT_DOWN) {
                return;
            }
            state = State.SHUT_DOWN;
        }
        STARTED.remove(this);
        String reason = "the manager at " + address + " was shut down";
        switch (was) {
            case STARTED -> {
                var endpoint = (ClientEndpoint) route;
                if (endpoint != null) {
                    try {
                        ProxyHandler.shutdown(endpoint);
                    } catch (RuntimeException e) {
                        // already gone
                    }
                    endpoint.close(reason);
                }
                stopProcess();
            }
            case SERVING -> ((Server) route).stop();
            case CONNECTED -> {
                var endpoint = (ClientEndpoint) route;
                try {
                    ProxyHandler.shutdown(endpoint);
                } catch (RuntimeException e) {
                    // already gone
                }
                endpoint.close(reason);
            }
            default -> { }
        }
    }

    private void stopProcess() {
        if (process != null) {
            if (!process.join(EXIT_LIMIT)) {
                process.kill();
                process.join(EXIT_LIMIT);
            }
            removeSocketOfDeadServer();
            process.close();
        }
    }

    /**
     * A server process killed (or crashed) before it could unlink its Unix-domain socket leaves
     * the file in the session directory: once the process has ended, the starter removes it. Only
     * the fresh address the server chose itself; a path the user asked for is the user's.
     */
    private void removeSocketOfDeadServer() {
        if (requestedAddress == null && !process.isAlive() && address() instanceof UnixDomainSocketAddress u) {
            try {
                Files.deleteIfExists(u.getPath());
            } catch (IOException e) {
                // best effort: the session directory goes at exit anyway
            }
        }
    }

    /**
     * Shuts down a manager this object started or serves; for a connected one, only stops
     * using it (the server keeps running). Idempotent.
     */
    @Override
    public void close() {
        if (state == State.CONNECTED) {
            state = State.SHUT_DOWN;
            return;
        }
        shutdown();
    }

    private void checkServerTls() {
        if (tls != null && tls.keyStore() == null) {
            throw new IllegalArgumentException("a manager's server with TLS presents a certificate, but tls has no key "
                    + "store: tls=" + tls + " (set one with TlsConfig.builder().keyStore(..))");
        }
    }

    private void checkState(State expected, String what) {
        if (state != expected) {
            throw new IllegalStateException(what + " needs a new manager: state=" + state);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (address == null ? "not listening" : address) + ", " + state + "]";
    }
}
