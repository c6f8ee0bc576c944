package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.pool.RemoteTrace;
import org.multiprocessing4j.internal.wire.Bytes;
import org.multiprocessing4j.internal.wire.ForySerializer;
import org.multiprocessing4j.internal.wire.JdkSerializer;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.ObjectInputFilter;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The manager protocol: one request, one reply, each a byte message on an authenticated
 * {@link org.multiprocessing4j.Connection}, encoded by a serializer of this class's choosing.
 *
 * <pre>
 *   client                                   server (one handler thread per connection)
 *   Request(op, id, method, args)   ------>  dispatch
 *                                   <------  result object | Failure(exception bytes, trace)
 * </pre>
 *
 * A connection's first request is HELLO, whose reply is a token naming the connection. A client
 * thread interrupted while it waits for a reply sends CANCEL(token, n) on another connection;
 * the server interrupts the thread running the connection's n-th request (counting HELLO as
 * the first) if that call is still running, or at its start if it has not started yet, and
 * that request's reply then says whether the call happened.
 *
 * <p>On Unix-domain sockets (reachable only by this user, and authenticated before any byte is
 * decoded) the process's serializer decodes anything. On TCP the serializer is strict: only
 * classes on an allow-list are decoded (DESIGN.md §6), with Fory's own deny list on top.
 */
public final class Wire {

    public static final int CALL = 0;
    public static final int CREATE = 1;
    public static final int INCREF = 2;
    public static final int DECREF = 3;
    public static final int TRANSIT = 4;
    public static final int ADOPT = 5;
    public static final int SHUTDOWN = 6;
    public static final int COUNT = 7;
    public static final int TO_STRING = 8;
    public static final int DROP_TRANSIT = 9;
    /** A new connection asks for its token (the reply), by which a CANCEL names it. */
    public static final int HELLO = 10;
    /** Interrupts call number {@code args[0]} of the connection whose token is {@code id}, if it is still running. */
    public static final int CANCEL = 11;

    /** Classes and packages (a trailing {@code .*}) every strict channel accepts. */
    public static final List<String> DEFAULT_ALLOWED = List.of(
            "java.lang.*", "java.util.*", "java.time.*", "java.math.*",
            "org.multiprocessing4j.internal.manager.*", "org.multiprocessing4j.internal.pool.RemoteTrace",
            "org.multiprocessing4j.Queue", "org.multiprocessing4j.JoinableQueue",
            "org.multiprocessing4j.SerializableCallable", "org.multiprocessing4j.SerializableFunction",
            "org.multiprocessing4j.managers.ManagedProxy", "org.multiprocessing4j.managers.ManagerException",
            "org.multiprocessing4j.managers.Namespace",
            "org.multiprocessing4j.RemoteExecutionException", "org.multiprocessing4j.WorkerLostException",
            "org.multiprocessing4j.TaskTimeoutException", "org.multiprocessing4j.BrokenPoolException",
            "org.multiprocessing4j.SerializableBiFunction", "org.multiprocessing4j.SerializableRunnable",
            "org.multiprocessing4j.Lock", "org.multiprocessing4j.RLock", "org.multiprocessing4j.Semaphore",
            "org.multiprocessing4j.BoundedSemaphore", "org.multiprocessing4j.Condition",
            "org.multiprocessing4j.Event", "org.multiprocessing4j.Barrier", "org.multiprocessing4j.ObjectValue",
            "org.multiprocessing4j.IntValue", "org.multiprocessing4j.LongValue", "org.multiprocessing4j.DoubleValue",
            "org.multiprocessing4j.FloatValue", "org.multiprocessing4j.ShortValue", "org.multiprocessing4j.ByteValue",
            "org.multiprocessing4j.CharValue", "org.multiprocessing4j.BooleanValue", "org.multiprocessing4j.IntArray",
            "org.multiprocessing4j.LongArray", "org.multiprocessing4j.DoubleArray",
            "org.multiprocessing4j.FloatArray", "org.multiprocessing4j.ShortArray", "org.multiprocessing4j.ByteArray",
            "org.multiprocessing4j.CharArray",
            "org.multiprocessing4j.connection.TlsConfig");

    private Wire() {}

    /**
     * A request. {@code id} is the object's id (unused by CREATE, SHUTDOWN, COUNT); {@code method}
     * the index of the method in the object's {@link MethodTable} (CALL only); {@code args} the
     * call's arguments, CREATE's type id and constructor arguments, or ADOPT's transit id.
     */
    public record Request(int op, long id, int method, Object[] args) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * A call that threw on the server: the exception itself, encoded separately so that a class
     * the client cannot load costs only the exact type, and a stand-in that always decodes.
     */
    public record Failure(byte[] exception, RemoteTrace trace) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private static volatile Serializer longLived;

    /**
     * The serializer for a channel to or from {@code address}; a server's ({@code server})
     * generates serializer code even in a child JVM, where the process's own does not.
     */
    public static Serializer serializer(String address, List<String> extraAllowed, boolean server) {
        if (!isNetwork(address)) {
            if (!server || !Serializers.name().equals(ForySerializer.NAME)) {
                return Serializers.get();
            }
            Serializer s = longLived;
            if (s == null) {
                synchronized (Wire.class) {
                    if (longLived == null) {
                        longLived = new ForySerializer(true);
                    }
                    s = longLived;
                }
            }
            return s;
        }
        var allowed = new ArrayList<>(DEFAULT_ALLOWED);
        allowed.addAll(extraAllowed);
        var allowList = new AllowList(allowed);
        return new Strict(allowList, Serializers.name().equals(ForySerializer.NAME), server);
    }

    /** Whether the address is a TCP one (strict decoding). */
    public static boolean isNetwork(String address) {
        return address.startsWith("tcp:");
    }

    /** {@code unix:/path} or {@code tcp:host:port}: travels as a plain string. */
    public static String format(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress u -> "unix:" + u.getPath();
            case InetSocketAddress i -> "tcp:" + i.getHostString() + ":" + i.getPort();
            default -> throw new IllegalArgumentException("address must be a UnixDomainSocketAddress or an "
                    + "InetSocketAddress: address=" + address + " (" + address.getClass().getName() + ")");
        };
    }

    public static SocketAddress parse(String address) {
        if (address.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(Path.of(address.substring(5)));
        }
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /*
     * Framing, so that the fixed part of a request costs no serializer work; arguments and
     * results that are simple values (numbers, strings, null, arrays of primitives, the JDK's
     * value classes and collections, records and enum constants (on a network channel, of the
     * classes its allow-list names), and Object[]s of these: most map and list calls) are encoded
     * by the serializer's SimpleCodec without building Fory.
     *
     *   request:  +----+---------+-------------+--------+---------------------------+
     *             | op | id (8)  | method (4)  | format | args (none, serializer)   |
     *             +----+---------+-------------+--------+---------------------------+
     *   reply:    +--------+----------------------------------------------------+
     *             | status | 0: result by the serializer, 1: a Failure by it     |
     *             +--------+----------------------------------------------------+
     */
    private static final int HEADER = 14;
    private static final byte NONE = 0;
    private static final byte SERIALIZED = 2;
    private static final byte RESULT = 0;
    private static final byte FAILURE = 1;

    static byte[] encodeRequest(Serializer serializer, Request r) {
        boolean none = r.args() == null || r.args().length == 0;
        byte[] b = none ? new byte[HEADER] : serializer.encode(r.args(), HEADER); // the header goes in front
        b[0] = (byte) r.op();
        Bytes.putLong(b, 1, r.id());
        Bytes.putInt(b, 9, r.method());
        b[13] = none ? NONE : SERIALIZED;
        return b;
    }

    static Request decodeRequest(Serializer serializer, byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException("not a manager request: " + bytes.length + " bytes");
        }
        Object[] args = switch (bytes[13]) {
            case NONE -> new Object[0];
            case SERIALIZED -> (Object[]) serializer.decode(bytes, HEADER);
            default -> throw new IllegalArgumentException("not a manager request: bad argument format");
        };
        return new Request(bytes[0], Bytes.getLong(bytes, 1), Bytes.getInt(bytes, 9), args);
    }

    static byte[] encodeReply(Serializer serializer, Object reply) {
        byte[] out = serializer.encode(reply, 1);
        out[0] = reply instanceof Failure ? FAILURE : RESULT;
        return out;
    }

    /** The result, or the {@link Failure} (never a user object of that class: it is ours). */
    static Object decodeReply(Serializer serializer, byte[] bytes) {
        return serializer.decode(bytes, 1);
    }

    /** Encodes a failure; the exception's own bytes only when they encode and may be decoded there. */
    static Failure failure(Throwable t, Serializer serializer, AllowList allowList) {
        byte[] own = null;
        if (allowList == null || allowList.allowsChain(t)) {
            try {
                own = serializer.encode(t);
            } catch (SerializationException | LinkageError e) {
                own = null;
            }
        }
        return new Failure(own, RemoteTrace.of(t));
    }

    /** Class names or package prefixes ({@code com.example.*}, subpackages included). */
    public static final class AllowList {
        private final List<String> exact = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();

        public AllowList(List<String> patterns) {
            for (String p : patterns) {
                if (p.endsWith(".*")) {
                    prefixes.add(p.substring(0, p.length() - 1));
                } else {
                    exact.add(p);
                }
            }
        }

        public boolean allows(String className) {
            String name = className.startsWith("[") ? elementName(className) : className;
            if (name == null || exact.contains(name) || PROXY_CLASS.matcher(name).matches() || isOurException(name)) {
                return true;
            }
            for (String p : prefixes) {
                if (name.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        boolean allowsChain(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (!allows(c.getClass().getName())) {
                    return false;
                }
            }
            return true;
        }

        /** The exceptions of the library's root package (not its subpackages). */
        private static boolean isOurException(String name) {
            return name.startsWith("org.multiprocessing4j.") && name.indexOf('.', "org.multiprocessing4j.".length()) < 0
                    && name.endsWith("Exception");
        }

        /** The element class of an array descriptor, or null for primitive arrays. */
        private static String elementName(String descriptor) {
            int i = descriptor.lastIndexOf('[') + 1;
            return descriptor.charAt(i) == 'L' ? descriptor.substring(i + 1, descriptor.length() - 1) : null;
        }

        private static final Pattern PROXY_CLASS = Pattern.compile("(jdk\\.proxy\\d+|com\\.sun\\.proxy)\\.\\$Proxy\\d+");
    }

    /**
     * A serializer that refuses classes off the allow-list, in both directions for Fory (its
     * type checker) and when decoding for JDK streams (an {@link ObjectInputFilter}); a refusal
     * names the class and how to allow it.
     */
    private static final class Strict implements Serializer {
        private final ThreadLocal<String> rejected = new ThreadLocal<>();
        private final Serializer inner;

        Strict(AllowList allowList, boolean fory, boolean jit) {
            java.util.function.Predicate<String> check = name -> {
                if (allowList.allows(name)) {
                    return true;
                }
                rejected.set(name);
                return false;
            };
            if (fory) {
                inner = new ForySerializer(jit, check);
                return;
            }
            var jdk = new JdkSerializer();
            ObjectInputFilter filter = info -> {
                Class<?> c = info.serialClass();
                if (c == null) {
                    return info.depth() > 64 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
                }
                while (c.isArray()) {
                    c = c.getComponentType();
                }
                return c.isPrimitive() || check.test(c.getName())
                        ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            };
            inner = new Serializer() {
                @Override
                public String name() {
                    return jdk.name();
                }

                @Override
                public byte[] encode(Object value, int room) {
                    return jdk.encode(value, room);
                }

                @Override
                public Object decode(byte[] bytes, int offset) {
                    return jdk.decode(bytes, offset, filter);
                }
            };
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public byte[] encode(Object value, int room) {
            return guarded(() -> inner.encode(value, room));
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            return guarded(() -> inner.decode(bytes, offset));
        }

        private <T> T guarded(java.util.function.Supplier<T> work) {
            rejected.remove();
            try {
                return work.get();
            } catch (SerializationException e) {
                String c = rejected.get();
                if (c == null) {
                    throw e;
                }
                throw new SerializationException("class " + c + " is not on the allow-list of this network channel "
                        + "(add it with BaseManager.builder().allowClasses(..) on both sides)", c, e);
            } finally {
                rejected.remove();
            }
        }
    }
}
