package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.context.ProcessAccess;
import org.multiprocessing4j.internal.wire.ProcessPayload;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a process, the one object a child receives at start-up.
 *
 * <p>A plain {@code Process} (not a subclass) whose target is a lambda in
 * {@link ProcessPayload}'s compact form travels as its parts, the fields JDK serialisation would
 * carry, without an object stream:
 * <pre>
 *   | 'P' | name length (4) | name, UTF-8 | daemon (1) | identity length (4) | identity ints (4 each) | target payload ... |
 * </pre>
 * Anything else is encoded by {@link ProcessPayload} as before.
 *
 * <p>Why: the first {@code ObjectInputStream} of a JVM initialises the JDK's serialisation filter
 * configuration, which asks for a {@code System.Logger}, and a JVM's first logger searches every
 * jar of the class path for a {@code LoggerFinder} service: it opens each jar and reads its
 * central directory. A child that starts from the AOT cache had opened no jar until then. On the
 * benchmark runner's class path (38 jars, 19 000 entries) that search took ~50 ms of CPU in a
 * fresh JVM, most of it on the way to {@code run()}. The parts decode to the object that JDK
 * serialisation delivers.
 */
public final class ProcessCodec {

    private ProcessCodec() {}

    /**
     * @throws SerializationException naming the class at fault if the process cannot be encoded
     */
    public static byte[] encode(Process process) {
        ProcessAccess.Parts parts = Access.process().parts(process);
        if (parts != null && parts.name() != null && parts.target() != null) {
            byte[] target = ProcessPayload.encode(parts.target());
            if (ProcessPayload.isCompactLambda(target)) {
                byte[] name = parts.name().getBytes(StandardCharsets.UTF_8);
                int[] identity = parts.identity();
                var b = ByteBuffer.allocate(1 + 4 + name.length + 1 + 4 + 4 * identity.length + target.length);
                b.put(ProcessPayload.OWNER_FORM).putInt(name.length).put(name).put((byte) (parts.daemon() ? 1 : 0))
                        .putInt(identity.length);
                for (int i : identity) {
                    b.putInt(i);
                }
                return b.put(target).array();
            }
        }
        return ProcessPayload.encode(process);
    }

    /** Whether decoding {@code payload} reads a JDK object stream (see {@link ProcessPayload#needsObjectStream}). */
    public static boolean needsObjectStream(byte[] payload) {
        if (payload.length == 0 || payload[0] != ProcessPayload.OWNER_FORM) {
            return ProcessPayload.needsObjectStream(payload, 0);
        }
        var b = ByteBuffer.wrap(payload, 1, payload.length - 1);
        try {
            int name = length(b, 1);
            b.position(b.position() + name).get(); // the name, then the daemon flag
            int identity = length(b, 4);
            b.position(b.position() + 4 * identity);
            return ProcessPayload.needsObjectStream(payload, b.position());
        } catch (BufferUnderflowException | IllegalArgumentException | SerializationException e) {
            return false; // corrupt: decode says so
        }
    }

    /**
     * The process (or, in a payload of another form, whatever {@link ProcessPayload} decodes).
     *
     * @throws SerializationException if the payload is corrupt or its classes cannot be loaded here
     */
    public static Object decode(byte[] payload) {
        if (payload.length == 0 || payload[0] != ProcessPayload.OWNER_FORM) {
            return ProcessPayload.decode(payload);
        }
        var b = ByteBuffer.wrap(payload, 1, payload.length - 1);
        try {
            byte[] name = new byte[length(b, 1)];
            b.get(name);
            boolean daemon = b.get() != 0;
            int[] identity = new int[length(b, 4)];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = b.getInt();
            }
            Object target = ProcessPayload.decode(payload, b.position());
            if (!(target instanceof SerializableRunnable runnable)) {
                throw corrupt("its target is a " + (target == null ? "null" : target.getClass().getName()));
            }
            return Access.process().fromParts(
                    new ProcessAccess.Parts(new String(name, StandardCharsets.UTF_8), daemon, identity, runnable));
        } catch (BufferUnderflowException e) {
            throw corrupt("it is cut short");
        }
    }

    /** A length of elements of {@code size} bytes that the rest of {@code b} can hold. */
    private static int length(ByteBuffer b, int size) {
        int n = b.getInt();
        if (n < 0 || (long) n * size > b.remaining()) {
            throw corrupt("it announces " + n + " elements in " + b.remaining() + " bytes");
        }
        return n;
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("corrupt process payload: " + what, null, null);
    }
}
