package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LogLevel;
import org.apache.fory.logging.LoggerFactory;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Apache Fory in Java mode (DESIGN.md §6): an order of magnitude faster than JDK streams, and
 * like Python's pickle it handles ordinary classes without {@code Serializable}. Lambdas must
 * still be serialisable lambdas, and Fory's deny list refuses classes that make no sense in
 * another process (threads, class loaders, ...).
 *
 * <p>Local channels are authenticated before any byte is decoded, so classes need no
 * registration here. Fory's JIT code generation costs a fresh JVM about half a second of CPU,
 * so it runs asynchronously in long-lived processes and is off in children, which start with
 * interpreted serializers (DESIGN.md §6). Fory's own log lines, which go to stdout, are limited
 * to errors.
 */
public final class ForySerializer implements Serializer {

    public static final String NAME = "fory";

    private final boolean jit;
    private final java.util.function.Predicate<String> allowed;
    private volatile ThreadSafeFory fory; // built on the first value that is not simple
    private final java.util.function.Function<Object, byte[]> withFory = this::encodeWithFory;
    private final java.util.function.Function<byte[], Object> fromFory = this::decodeWithFory;

    /** @param jit whether to generate serializer code (asynchronously) */
    public ForySerializer(boolean jit) {
        this(jit, null);
    }

    /**
     * A strict serializer for network channels: only classes {@code allowed} accepts are written
     * or read (Fory's own deny list applies as well). Simple values ({@link SimpleCodec}) are
     * always accepted.
     *
     * @param jit whether to generate serializer code (asynchronously)
     * @param allowed accepts binary class names; null accepts every class
     */
    public ForySerializer(boolean jit, java.util.function.Predicate<String> allowed) {
        this.jit = jit;
        this.allowed = allowed;
        this.named = allowed != null ? allowed : ANY_CLASS;
    }

    /** The classes whose records and enum constants SimpleCodec writes and reads itself: every one, or the allowed ones. */
    private final java.util.function.Predicate<String> named;
    private static final java.util.function.Predicate<String> ANY_CLASS = name -> true;

    /** Whether Fory has been built (for tests). */
    boolean built() {
        return fory != null;
    }

    /** Fory itself, built once on first need: it costs a fresh JVM ~300 ms of CPU. */
    private ThreadSafeFory fory() {
        ThreadSafeFory f = fory;
        if (f == null) {
            synchronized (this) {
                f = fory;
                if (f == null) {
                    requireUnsafe();
                    LoggerFactory.setLogLevel(LogLevel.ERROR_LEVEL);
                    f = Fory.builder()
                            .withLanguage(Language.JAVA)
                            .requireClassRegistration(false)
                            .suppressClassRegistrationWarnings(true)
                            .withRefTracking(true)
                            .withCodegen(jit)
                            .withAsyncCompilation(jit)
                            .buildThreadSafeFory();
                    f.registerCallback(ForySerializer::registerJdkTypes);
                    if (allowed != null) {
                        var check = allowed;
                        f.setTypeChecker((resolver, className) -> check.test(className));
                    }
                    fory = f;
                }
            }
        }
        return f;
    }

    /** The JDK's {@code Map.entry} class ({@code java.util.KeyValueHolder}), which Fory refuses on its own. */
    private static final Class<?> ENTRY = Map.entry(0, 0).getClass();

    /** Serializers for JDK types Fory does not handle by itself: {@code Map.entry(k, v)}. */
    private static void registerJdkTypes(Fory f) {
        f.registerSerializer(ENTRY, new EntrySerializer(f.getConfig()));
    }

    /** {@code Map.entry(k, v)}: the key and the value; read back as {@code Map.entry}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class EntrySerializer extends org.apache.fory.serializer.Serializer<Map.Entry> {
        EntrySerializer(org.apache.fory.config.Config config) {
            super(config, (Class<Map.Entry>) ENTRY);
        }

        @Override
        public void write(org.apache.fory.context.WriteContext ctx, Map.Entry entry) {
            ctx.writeRef(entry.getKey());
            ctx.writeRef(entry.getValue());
        }

        @Override
        public Map.Entry read(org.apache.fory.context.ReadContext ctx) {
            Object key = ctx.readRef();
            return Map.entry(key, ctx.readRef());
        }
    }

    /**
     * Fory needs {@code sun.misc.Unsafe} (module {@code jdk.unsupported}); a JVM whose module
     * graph leaves it out (JShell's local execution) would otherwise fail deep inside Fory.
     */
    private static void requireUnsafe() {
        if (ModuleLayer.boot().findModule("jdk.unsupported").isEmpty()) {
            throw new SerializationException("the " + NAME + " serializer needs sun.misc.Unsafe, which this JVM"
                    + " does not have: its module graph leaves out jdk.unsupported (as JShell's local execution"
                    + " does). Start it with --add-modules=jdk.unsupported (jshell: -J--add-modules=jdk.unsupported),"
                    + " or choose the JDK serializer", null, null);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Encodes {@code value}: a simple one directly ({@link SimpleCodec}, records and enum constants included), anything else with Fory. */
    @Override
    public byte[] encode(Object value, int room) {
        return SimpleCodec.encode(value, room, withFory, named);
    }

    private byte[] encodeWithFory(Object value) {
        try {
            return fory().serialize(value);
        } catch (RuntimeException e) {
            String cls = offendingClass(e, value);
            boolean inside = cls != null && (value == null || !cls.equals(value.getClass().getName()));
            // A refusal of ours (a Connection, a shared object) already says what to do; Fory's does not.
            var root = rootCause(e).getStackTrace();
            boolean foryRefused = root.length > 0 && root[0].getClassName().startsWith("org.apache.fory.");
            String where = inside && foryRefused ? Unsendable.explain(value, cls) : null;
            throw new SerializationException(
                    "cannot serialise " + Unsendable.describeRoot(value) + ": "
                            + (where != null ? where : (inside ? "class at fault: " + cls + ": " : "") + rootMessage(e)),
                    cls, trimmed(e));
        }
    }

    @Override
    public Object decode(byte[] bytes, int offset) {
        return SimpleCodec.decode(bytes, offset, fromFory, named);
    }

    private Object decodeWithFory(byte[] bytes) {
        try {
            return fory().deserialize(bytes);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot deserialise: " + rootMessage(e), null, e);
        }
    }

    /**
     * The serializer's exception, kept as the cause with the first frames of each trace only:
     * the user reads the message, not Fory's internals.
     */
    private static Throwable trimmed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            var trace = t.getStackTrace();
            if (trace.length > CAUSE_FRAMES) {
                t.setStackTrace(java.util.Arrays.copyOf(trace, CAUSE_FRAMES));
            }
        }
        return e;
    }

    private static final int CAUSE_FRAMES = 3;

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** Best effort: Fory's messages name the class at fault by its binary name. */
    private static String offendingClass(Throwable e, Object value) {
        var chain = new ArrayList<Throwable>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain.reversed()) { // the root cause names the class most precisely
            if (t.getMessage() != null) {
                var m = CLASS_NAME.matcher(t.getMessage());
                if (m.find()) {
                    return m.group();
                }
            }
        }
        return value == null ? null : value.getClass().getName();
    }

    private static final Pattern CLASS_NAME =
            Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*\\.[A-Z][\\w$]*(?:/0x[0-9a-f]+)?");
}
