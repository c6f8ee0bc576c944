package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A serialisable lambda (or method reference) in the form JDK serialisation gives it — its
 * {@link SerializedLambda} — written without an object stream. A pool sends its task's function
 * with every apply; through {@code ObjectOutputStream}/{@code ObjectInputStream} that was most of
 * an apply's CPU on both sides (measured 2026-12-07 with JFR on a warm {@code Pool(2)}: the
 * lambda's stream took ~70% of the caller's submit and ~85% of the worker's run of a chunk), for
 * class descriptors that are the same every time.
 *
 * <pre>
 *   | static part length (4) | static part | captured arguments ... |
 *   static part: the SerializedLambda's capturing class, functional interface class, method name
 *                and signature, implementation kind (4), class, name and signature, instantiated
 *                method type, each a modified-UTF-8 string (DataOutput.writeUTF)
 *   captured arguments: an Object[] as JdkSerializer encodes it (simple values directly, else a
 *                JDK object stream)
 * </pre>
 *
 * The static part is the same for every instance of a lambda class, so it is built once per
 * class; the decoder keeps what it resolved from it (the capturing class, its
 * {@code $deserializeLambda$}) per distinct static part. Decoding builds the
 * {@code SerializedLambda} and calls the capturing class's {@code $deserializeLambda$}, which is
 * what {@code SerializedLambda.readResolve} does at the end of an object stream, so the function
 * that arrives is the one JDK serialisation delivers, with its captured values as copies. Nothing
 * is cached per function object: a captured value that changed between two applies travels as it
 * is at the second.
 *
 * <p>A JVM-wide serialisation filter ({@code jdk.serialFilter}) sees the stream of the captured
 * values, not the {@code SerializedLambda} itself, which no stream carries; the payload comes on
 * a link whose peer has authenticated before anything is decoded.
 *
 * <p>A lambda whose class or capturing class this module cannot open reflectively (a named module
 * that does not open its package), or whose captured values JDK serialisation refuses, has no
 * compact form: {@link #encode} returns null and the caller uses an object stream. Thread-safe.
 */
final class LambdaCodec {

    private static final int MAX_DECODERS = 256;

    /** What encoding a class's instances takes, or {@link #NONE}. */
    private static final ClassValue<Form> FORMS = new ClassValue<>() {
        @Override
        protected Form computeValue(Class<?> type) {
            return Form.of(type);
        }
    };
    private static final Form NONE = new Form(null);

    /** Resolved static parts, keyed by their bytes; cleared when it grows past {@link #MAX_DECODERS}. */
    private static final ConcurrentHashMap<Key, Decoder> DECODERS = new ConcurrentHashMap<>();

    private LambdaCodec() {}

    /**
     * The compact form of {@code fn} after {@code room} free bytes, or null if it has none.
     *
     * @throws SerializationException if its captured values cannot be JDK-serialised
     */
    static byte[] encode(Object fn, int room) {
        Form form = FORMS.get(fn.getClass());
        if (form == NONE) {
            return null;
        }
        SerializedLambda lambda = form.replace(fn);
        byte[] head = form.head(lambda, fn.getClass().getClassLoader());
        if (head == null) {
            return null;
        }
        Object[] captured = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = lambda.getCapturedArg(i);
        }
        int prefix = room + 4 + head.length;
        byte[] out = new JdkSerializer().encode(captured, prefix);
        Bytes.putInt(out, room, head.length);
        System.arraycopy(head, 0, out, room + 4, head.length);
        return out;
    }

    /** Whether decoding what {@link #encode} wrote after {@code offset} bytes reads an object stream (for its captured values). */
    static boolean needsObjectStream(byte[] b, int offset) {
        if (b.length - offset < 4) {
            return false; // corrupt: decode says so
        }
        int headLength = Bytes.getInt(b, offset);
        long captured = (long) offset + 4 + headLength;
        return headLength >= 0 && captured < b.length && !SimpleCodec.isSimple(b, (int) captured);
    }

    /** Decodes what {@link #encode} wrote after {@code offset} bytes. */
    static Object decode(byte[] b, int offset) {
        if (b.length - offset < 4) {
            throw corrupt("a lambda of " + (b.length - offset) + " bytes");
        }
        int headLength = Bytes.getInt(b, offset);
        int from = offset + 4;
        if (headLength < 0 || headLength > b.length - from) {
            throw corrupt("a lambda of " + (b.length - offset) + " bytes announcing a static part of " + headLength);
        }
        var key = new Key(Arrays.copyOfRange(b, from, from + headLength));
        Decoder decoder = DECODERS.get(key);
        if (decoder == null) {
            decoder = Decoder.of(key.bytes);
            if (DECODERS.size() >= MAX_DECODERS) {
                DECODERS.clear();
            }
            DECODERS.put(key, decoder);
        }
        Object[] captured = (Object[]) new JdkSerializer().decode(b, from + headLength);
        return decoder.create(captured);
    }

    /** How instances of one class are replaced by their {@code SerializedLambda}. */
    private static final class Form {
        private final MethodHandle writeReplace;
        private volatile byte[] head;   // the static part, once an instance has shown it
        private volatile boolean refused; // the capturing class cannot be opened here

        private Form(MethodHandle writeReplace) {
            this.writeReplace = writeReplace;
        }

        static Form of(Class<?> type) {
            if (!type.isHidden() || !Serializable.class.isAssignableFrom(type)) {
                return NONE; // a serialisable lambda's class is hidden and Serializable
            }
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                if (!m.trySetAccessible()) {
                    return NONE;
                }
                return new Form(MethodHandles.lookup().unreflect(m));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return NONE;
            }
        }

        SerializedLambda replace(Object fn) {
            try {
                return (SerializedLambda) writeReplace.invoke(fn);
            } catch (Throwable t) {
                throw new SerializationException("cannot serialise " + JdkSerializer.describe(fn) + ": " + t, null, t);
            }
        }

        /** The static part, or null if the lambda's capturing class cannot be opened here. */
        byte[] head(SerializedLambda lambda, ClassLoader loader) {
            byte[] h = head;
            if (h != null || refused) {
                return h;
            }
            try {
                Decoder.deserializer(Class.forName(lambda.getCapturingClass().replace('/', '.'), false, loader));
            } catch (ClassNotFoundException | SerializationException e) {
                refused = true;
                return null;
            }
            var bytes = new ByteArrayOutputStream(256);
            try (var out = new DataOutputStream(bytes)) {
                out.writeUTF(lambda.getCapturingClass());
                out.writeUTF(lambda.getFunctionalInterfaceClass());
                out.writeUTF(lambda.getFunctionalInterfaceMethodName());
                out.writeUTF(lambda.getFunctionalInterfaceMethodSignature());
                out.writeInt(lambda.getImplMethodKind());
                out.writeUTF(lambda.getImplClass());
                out.writeUTF(lambda.getImplMethodName());
                out.writeUTF(lambda.getImplMethodSignature());
                out.writeUTF(lambda.getInstantiatedMethodType());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
            h = bytes.toByteArray();
            head = h;
            return h;
        }
    }

    /** A static part resolved in this JVM. */
    private record Decoder(Class<?> capturingClass, MethodHandle deserializer, String functionalInterfaceClass,
                           String functionalInterfaceMethodName, String functionalInterfaceMethodSignature,
                           int implMethodKind, String implClass, String implMethodName, String implMethodSignature,
                           String instantiatedMethodType) {

        static Decoder of(byte[] head) {
            try (var in = new DataInputStream(new ByteArrayInputStream(head))) {
                Class<?> capturing = load(in.readUTF());
                return new Decoder(capturing, deserializer(capturing), in.readUTF(), in.readUTF(), in.readUTF(),
                        in.readInt(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
            } catch (IOException e) {
                throw corrupt("a lambda whose static part is cut short");
            }
        }

        /** Loads a class named as in a SerializedLambda (slashes), as the JDK codec resolves classes. */
        static Class<?> load(String internalName) {
            String name = internalName.replace('/', '.');
            var context = Thread.currentThread().getContextClassLoader();
            try {
                return Class.forName(name, false, context != null ? context : ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException e) {
                try {
                    return Class.forName(name, false, LambdaCodec.class.getClassLoader());
                } catch (ClassNotFoundException again) {
                    throw new SerializationException("cannot deserialise: class " + name
                            + " is not on this process's class path", name, again);
                }
            }
        }

        /**
         * The capturing class's {@code $deserializeLambda$} as a method handle: called through
         * {@code invokeExact}, its invocation is one of the AOT cache's, where {@code Method.invoke}
         * spins method-handle code of its own at run time (with the class-file API, 5 ms of a
         * fresh child's CPU for its first lambda).
         */
        static MethodHandle deserializer(Class<?> capturing) {
            try {
                Method m = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                if (m.trySetAccessible()) {
                    return MethodHandles.lookup().unreflect(m);
                }
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // falls through
            }
            throw new SerializationException("cannot deserialise a lambda of " + capturing.getName()
                    + ": its $deserializeLambda$ is missing or not open to org.multiprocessing4j", capturing.getName(), null);
        }

        Object create(Object[] captured) {
            var lambda = new SerializedLambda(capturingClass, functionalInterfaceClass, functionalInterfaceMethodName,
                    functionalInterfaceMethodSignature, implMethodKind, implClass, implMethodName, implMethodSignature,
                    instantiatedMethodType, captured);
            try {
                return (Object) deserializer.invokeExact(lambda);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) { // e.g. "Invalid lambda deserialization": the classes differ
                throw new SerializationException("cannot deserialise a lambda of " + capturingClass.getName() + ": " + e,
                        capturingClass.getName(), e);
            }
        }
    }

    /** Bytes compared by content. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Key[" + bytes.length + " bytes]";
        }
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("corrupt lambda payload: " + what, null, null);
    }
}
