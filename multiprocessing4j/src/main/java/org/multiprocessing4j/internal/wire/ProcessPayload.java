package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;


/**
 * The codec of the one object a child receives at start-up: its {@code Process}.
 *
 * <p>A fresh JVM decodes JDK serialisation in a fraction of the time it needs to build a Fory
 * instance (measured: 190-230 ms against 400-450 ms for start + join of an empty process), and
 * a process whose target captures only serialisable values is the common case. So the payload
 * is JDK-serialised when that works, and falls back to the process's serializer (Fory by
 * default, which also handles classes that are not {@code Serializable}) when it does not. The
 * first byte says which was used. The same codec carries a pool's task functions and its
 * workers' failures, for the same reason. A serialisable lambda that JDK serialisation would
 * take goes in {@link LambdaCodec}'s compact form of the same content, without an object
 * stream: a pool sends its function with every task.
 */
public final class ProcessPayload {

    private static final byte JDK = 'J';
    private static final byte CONFIGURED = 'C';
    private static final byte LAMBDA = 'L';
    /**
     * The first byte of a payload in a form of its owner's (a plain {@code Process} as its parts,
     * see {@code internal.process.ProcessCodec}); {@link #decode} refuses it.
     */
    public static final byte OWNER_FORM = 'P';

    private ProcessPayload() {}

    /**
     * @throws SerializationException naming the class at fault if neither codec can encode it
     */
    public static byte[] encode(Object value) {
        // Each value is tried on its own: whether JDK streams take it depends on what it holds,
        // not on its class (a pool's initializer, in the same Init record, may or may not be
        // serialisable), and a class remembered as refused sent every later pool's workers to
        // Fory (seen in a CI run: ForyOnDemandTest after a test with an unserialisable initializer).
        try {
            byte[] compact = value == null ? null : LambdaCodec.encode(value, 1);
            if (compact != null) {
                compact[0] = LAMBDA;
                return compact;
            }
            byte[] out = new JdkSerializer().encode(value, 1);
            out[0] = JDK;
            return out;
        } catch (SerializationException jdkFailure) {
            if (JdkSerializer.NAME.equals(Serializers.name())) {
                throw jdkFailure;
            }
        }
        byte[] out = Serializers.get().encode(value, 1);
        out[0] = CONFIGURED;
        return out;
    }

    /**
     * Whether {@code payload} is in the compact lambda form: its decoding needs no JDK object
     * stream (whose first use in a JVM initialises the serialisation filter's configuration,
     * and with it the JDK's logging; see {@code internal.process.ProcessCodec}).
     */
    public static boolean isCompactLambda(byte[] payload) {
        return payload.length > 0 && payload[0] == LAMBDA;
    }

    /**
     * Whether decoding the payload at {@code offset} reads a JDK object stream: a receiver that
     * knows it ahead can set up the JDK's serialisation filter configuration meanwhile (its first
     * use asks for a logger, and a JVM's first logger searches every jar of the class path).
     */
    public static boolean needsObjectStream(byte[] payload, int offset) {
        if (payload.length <= offset) {
            return false;
        }
        return switch (payload[offset]) {
            case JDK -> !SimpleCodec.isSimple(payload, offset + 1);
            case LAMBDA -> LambdaCodec.needsObjectStream(payload, offset + 1);
            default -> false;
        };
    }

    public static Object decode(byte[] payload) {
        return decode(payload, 0);
    }

    /** Decodes the payload that takes the rest of {@code payload} from {@code offset}, the way {@link #needsObjectStream} reads it. */
    public static Object decode(byte[] payload, int offset) {
        if (payload.length <= offset) {
            throw new SerializationException("empty process payload", null, null);
        }
        return switch (payload[offset]) {
            case JDK -> new JdkSerializer().decode(payload, offset + 1);
            case CONFIGURED -> Serializers.get().decode(payload, offset + 1);
            case LAMBDA -> LambdaCodec.decode(payload, offset + 1);
            case OWNER_FORM -> throw new SerializationException("a process payload in its owner's form reached the generic decoder", null, null);
            default -> throw new SerializationException("unknown process payload codec: " + payload[offset], null, null);
        };
    }
}
