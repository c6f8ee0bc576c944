package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * JDK object streams: slower than Fory, but needs nothing beyond the JDK. Classes are resolved
 * through the thread's context class loader, falling back to the loader of this class.
 */
public final class JdkSerializer implements Serializer {

    public static final String NAME = "jdk";

    @Override
    public String name() {
        return NAME;
    }

    /** Encodes {@code value}: a simple one directly ({@link SimpleCodec}), anything else as a JDK object stream. */
    @Override
    public byte[] encode(Object value, int room) {
        return SimpleCodec.encode(value, room, JdkSerializer::encodeStream);
    }

    private static byte[] encodeStream(Object value) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new SerializationException(
                    "cannot serialise an instance of " + e.getMessage()
                            + ": it does not implement java.io.Serializable",
                    e.getMessage(), e);
        } catch (InvalidClassException e) {
            throw new SerializationException(
                    "cannot serialise an instance of " + e.classname + ": " + e.getMessage(),
                    e.classname, e);
        } catch (IOException e) {
            throw new SerializationException(
                    "cannot serialise " + describe(value) + ": " + e, null, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes, int offset) {
        return decode(bytes, offset, null);
    }

    /** Decodes with an input filter (null: the JVM-wide one), for channels that must be strict. */
    public Object decode(byte[] bytes, int offset, java.io.ObjectInputFilter filter) {
        return SimpleCodec.decode(bytes, offset, stream -> decodeStream(stream, filter));
    }

    private static Object decodeStream(byte[] bytes, java.io.ObjectInputFilter filter) {
        try (var in = new ContextLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
            if (filter != null) {
                in.setObjectInputFilter(filter);
            }
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new SerializationException(
                    "cannot deserialise: class " + e.getMessage() + " is not on this process's class path",
                    e.getMessage(), e);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialise: " + e, null, e);
        }
    }

    static String describe(Object value) {
        return value == null ? "null" : "an instance of " + value.getClass().getName();
    }

    private static final class ContextLoaderObjectInputStream extends ObjectInputStream {
        ContextLoaderObjectInputStream(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            var loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException ignored) {
                    // fall through to the default resolution
                }
            }
            return super.resolveClass(desc);
        }
    }
}
