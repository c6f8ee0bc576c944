package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RemoteExecutionException;
import org.multiprocessing4j.managers.ManagedProxy;

import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The invocation handler behind every manager proxy. A call becomes a CALL request carrying
 * the method's number in the interface's {@link MethodTable}; exceptions thrown there are
 * thrown here (unchecked ones and those the method declares; others wrapped in
 * {@link RemoteExecutionException}).
 *
 * <p>Local behaviour: {@code equals}/{@code hashCode} compare contents remotely for {@code Map}
 * and collection proxies and compare the referenced object otherwise; {@code toString} asks the
 * server. Iterating a collection proxy ({@code iterator}, {@code stream}, {@code forEach},
 * ...) works on a snapshot fetched by one call, as CPython's proxies copy. {@code close()} of
 * the proxy (from {@link ManagedProxy} or the interface's own, e.g. {@link Queue#close()})
 * releases the reference; {@code Queue.joinThread/cancelJoinThread} do nothing (a proxy has
 * no feeder thread).
 *
 * <p>Serialising the handler (it is what a proxy serialises as) takes a transit reference and
 * writes a {@link ProxyRef}; decoding it adopts that reference and connects in the receiving
 * process. Thread-safe.
 */
public final class ProxyHandler implements java.lang.reflect.InvocationHandler, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Cleaner CLEANER = Cleaner.create();
    /** References this JVM holds: released at exit, as CPython's proxies are by their finalizers. */
    private static final Set<Release> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        org.multiprocessing4j.internal.spawn.SpawnRuntime.onExit(
                org.multiprocessing4j.internal.spawn.SpawnRuntime.Phase.FINALIZERS, () -> {
                    for (Release r : List.copyOf(LIVE)) {
                        r.run();
                    }
                });
    }
    private static final Set<String> SNAPSHOT_METHODS =
            Set.of("iterator", "listIterator", "spliterator", "stream", "parallelStream", "forEach");

    private final transient Route route;
    private final transient long id;
    private final transient Class<?> iface;
    private final transient String typeId;
    private final transient Release release;
    private final transient Cleaner.Cleanable cleanable;

    /**
     * This proxy's reference: adopted from a transit lazily (at the first call, so that a proxy
     * decoded before its process is fully set up connects later), dropped once on close or
     * when the proxy is collected. Holds no reference to the proxy.
     */
    private static final class Release implements Runnable {
        private final Route route;
        private final long id;
        // not yet adopted; 0 once adopted or for a reference taken directly (read first without the lock)
        private volatile long transit;
        volatile boolean released;

        Release(Route route, long id, long transit) {
            this.route = route;
            this.id = id;
            this.transit = transit;
        }

        void adopt() {
            if (transit == 0) {
                return; // every call after the first
            }
            synchronized (this) {
                if (transit != 0) {
                    callUnchecked(route, new Wire.Request(Wire.ADOPT, id, 0, new Object[] {transit}));
                    transit = 0;
                }
            }
        }

        @Override
        public void run() {
            long t;
            synchronized (this) {
                if (released) {
                    return;
                }
                LIVE.remove(this);
                released = true;
                t = transit;
                transit = 0;
            }
            // An interrupted thread closes its proxies too (a try-with-resources it leaves): the
            // release does not wait on the manager, so it runs, and the interrupt is kept.
            boolean interrupted = Thread.interrupted();
            try {
                route.call(t != 0 ? new Wire.Request(Wire.DROP_TRANSIT, id, 0, new Object[] {t})
                        : new Wire.Request(Wire.DECREF, id, 0, null));
            } catch (Throwable ignored) {
                // the manager is gone: nothing to release there
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    ProxyHandler(Route route, long id, Class<?> iface, String typeId, long transit) {
        this.route = route;
        this.id = id;
        this.iface = iface;
        this.typeId = typeId;
        this.release = new Release(route, id, transit);
        LIVE.add(release);
        this.cleanable = CLEANER.register(this, release);
    }

    Route route() {
        return route;
    }

    long id() {
        return id;
    }

    /** A proxy for a reference already taken (by CREATE, or adopted). */
    static Object proxy(Route route, long id, Class<?> iface, String typeId) {
        return newProxy(new ProxyHandler(route, id, iface, typeId, 0), iface);
    }

    static Object newProxy(ProxyHandler h, Class<?> iface) {
        ClassLoader loader = iface.getClassLoader() != null ? iface.getClassLoader() : ManagedProxy.class.getClassLoader();
        return Proxy.newProxyInstance(loader, new Class<?>[] {iface, ManagedProxy.class}, h);
    }

    /** Creates an object of {@code typeId} on the manager behind {@code route} and returns its proxy. */
    public static <T> T create(Route route, String typeId, Class<T> iface, Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = typeId;
        all[1] = iface.getName();
        System.arraycopy(args, 0, all, 2, args.length);
        long id = (Long) callUnchecked(route, new Wire.Request(Wire.CREATE, 0, 0, all));
        return iface.cast(proxy(route, id, iface, typeId));
    }

    /** The number of objects the manager behind {@code route} holds. */
    public static int objectCount(Route route) {
        return (Integer) callUnchecked(route, new Wire.Request(Wire.COUNT, 0, 0, null));
    }

    /** Asks the manager behind {@code route} to stop. */
    public static void shutdown(Route route) {
        callUnchecked(route, new Wire.Request(Wire.SHUTDOWN, 0, 0, null));
    }

    /** The package whose interfaces' default methods run in the proxy's process. */
    private static final String API_PACKAGE = Queue.class.getPackageName();

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        Object[] a = args == null ? new Object[0] : args;
        String name = m.getName();
        Class<?> declaring = m.getDeclaringClass();
        if (declaring == Object.class) {
            return objectMethod(proxy, name, a);
        }
        if (name.equals("close") && a.length == 0 && (declaring == ManagedProxy.class || declaring == AutoCloseable.class
                || declaring == Queue.class)) {
            release();
            return null;
        }
        if (declaring == ManagedProxy.class && name.equals("typeId")) {
            return typeId;
        }
        if (declaring == Queue.class && (name.equals("joinThread") || name.equals("cancelJoinThread"))) {
            return null;
        }
        if (SNAPSHOT_METHODS.contains(name) && (Collection.class.isAssignableFrom(iface) || Map.class.isAssignableFrom(iface))) {
            return onSnapshot(m, a);
        }
        if (m.isDefault() && declaring.getPackageName().equals(API_PACKAGE)) {
            // lock(), tryLock(), Condition.waitFor ...: run here, over the interface's remote methods
            return InvocationHandler.invokeDefault(proxy, m, a);
        }
        int index = MethodTable.of(iface).indexOf(m);
        if (index < 0) {
            throw new UnsupportedOperationException(m + " is not a method of " + iface.getName());
        }
        return remote(m, new Wire.Request(Wire.CALL, id, index, a));
    }

    private Object objectMethod(Object proxy, String name, Object[] a) throws Throwable {
        boolean contents = Collection.class.isAssignableFrom(iface) || Map.class.isAssignableFrom(iface);
        return switch (name) {
            case "toString" -> remote(null, new Wire.Request(Wire.TO_STRING, id, 0, null));
            case "hashCode" -> contents ? remoteByName("hashCode", a) : Long.hashCode(id) * 31 + route.address().hashCode();
            case "equals" -> {
                if (a[0] == proxy) {
                    yield true;
                }
                if (contents) {
                    yield remoteByName("equals", a);
                }
                yield a[0] != null && Proxy.isProxyClass(a[0].getClass())
                        && Proxy.getInvocationHandler(a[0]) instanceof ProxyHandler o
                        && o.id == id && o.route.address().equals(route.address());
            }
            default -> throw new UnsupportedOperationException(name);
        };
    }

    private Object remoteByName(String name, Object[] a) throws Throwable {
        for (Method m : iface.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == a.length) {
                return remote(m, new Wire.Request(Wire.CALL, id, MethodTable.of(iface).indexOf(m), a));
            }
        }
        throw new UnsupportedOperationException(name);
    }

    /** Iteration over one copy of the contents, fetched by a single call. */
    private Object onSnapshot(Method m, Object[] a) throws Throwable {
        if (Map.class.isAssignableFrom(iface)) {
            if (!m.getName().equals("forEach")) {
                throw new UnsupportedOperationException(m.getName());
            }
            @SuppressWarnings("unchecked")
            var action = (BiConsumer<Object, Object>) a[0];
            for (var e : ((Collection<Map.Entry<?, ?>>) remoteByName("entrySet", new Object[0]))) {
                action.accept(e.getKey(), e.getValue());
            }
            return null;
        }
        Object[] copy = (Object[]) remoteByName("toArray", new Object[0]);
        List<Object> snapshot = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(copy)));
        return m.invoke(snapshot, a);
    }

    private Object remote(Method m, Wire.Request request) throws Throwable {
        checkUsable();
        try {
            return route.call(request);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            if (m != null) {
                for (Class<?> declared : m.getExceptionTypes()) {
                    if (declared.isInstance(t)) {
                        throw t;
                    }
                }
            }
            String className = t instanceof org.multiprocessing4j.internal.pool.RemoteTrace rt ? rt.className() : t.getClass().getName();
            throw new RemoteExecutionException(className, (m == null ? "a call" : m.getName() + "()")
                    + " on the manager at " + route.address() + " threw " + t, t);
        }
    }

    private static Object callUnchecked(Route route, Wire.Request request) {
        try {
            return route.call(request);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new RemoteExecutionException(t.getClass().getName(), "the manager at " + route.address() + " threw " + t, t);
        }
    }

    private void checkUsable() {
        if (!release.released) {
            release.adopt();
        }
        if (release.released) {
            throw new IllegalStateException("this proxy of '" + typeId + "' (object " + id + " of the manager at "
                    + route.address() + ") was closed");
        }
    }

    private void release() {
        if (cleanable != null) {
            cleanable.clean(); // runs the release at most once
        }
    }

    @Serial
    private Object writeReplace() {
        checkUsable();
        long transit = (Long) callUnchecked(route, new Wire.Request(Wire.TRANSIT, id, 0, null));
        return new ProxyRef(route.address(), route.carriedAuthkey(), route.allowed(), route.tls(), id, transit, iface,
                typeId);
    }

    /**
     * What a proxy travels as: where its manager is and how to connect there (key if it differs
     * from the receiver's, allow-list, TLS settings), which object, and the transit reference.
     */
    record ProxyRef(String address, byte[] authkey, List<String> allowed, org.multiprocessing4j.connection.TlsConfig tls,
                    long id, long transit, Class<?> iface, String typeId) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            Server local = Server.running(address);
            Route route = local != null ? local : ClientEndpoint.of(address, authkey, allowed, tls);
            return new ProxyHandler(route, id, iface, typeId, transit);
        }
    }

    @Override
    public String toString() {
        return "ProxyHandler[" + typeId + " " + id + " at " + route.address() + "]";
    }
}
