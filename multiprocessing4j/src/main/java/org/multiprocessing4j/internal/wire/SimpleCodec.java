package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The values most messages are — {@code null}, boxed primitives and strings — encoded directly,
 * in front of every serializer: a fresh JVM that only sends and receives such values never
 * builds its serializer. Building Fory costs a fresh JVM about 300 ms of CPU (measured on the
 * 2-core VM: a child's first {@code Queue.put(0)} took 297-309 ms, the next 199 999 took 271-284
 * ms together), and a child is a fresh JVM.
 *
 * <pre>
 *   +-----+-------+
 *   | tag | value |    tag 0x70-0x7B: the type; value: big-endian, a string as Latin-1
 *   +-----+-------+    bytes (one per char) or UTF-16 chars (two per char), so that every
 *                      String, unpaired surrogates included, comes back equal
 *
 *   +------+-----------+-----+-------+-----+-------+----
 *   | 0x7C | count (4) | tag | value | tag | value | ...   an Object[] of simple values (the
 *   +------+-----------+-----+-------+-----+-------+----   arguments of a manager call, say);
 *                                                          strings there carry a 4-byte length
 * </pre>
 *
 * Anything else is the serializer's own encoding, which never starts with a byte in
 * 0x70-0x7F (Fory's start with 0, JDK streams' with 0xAC); if one ever did, it is written after
 * an {@code ESCAPE} byte, so decoding can always tell the two apart.
 */
public final class SimpleCodec {

    private static final byte NULL = 0x70;
    private static final byte INT = 0x71;
    private static final byte LONG = 0x72;
    private static final byte DOUBLE = 0x73;
    private static final byte FLOAT = 0x74;
    private static final byte SHORT = 0x75;
    private static final byte BYTE = 0x76;
    private static final byte CHAR = 0x77;
    private static final byte TRUE = 0x78;
    private static final byte FALSE = 0x79;
    private static final byte LATIN1 = 0x7A;
    private static final byte UTF16 = 0x7B;
    private static final byte OBJECTS = 0x7C;
    private static final byte ESCAPE = 0x7F;
    /** Longer strings in an {@code Object[]} leave it to the serializer (whose strings are as good). */
    private static final int MAX_STRING_IN_ARRAY = 4096;

    private SimpleCodec() {}

    /** Encodes {@code value} directly if it is simple, else with {@code format} (escaped if needed). */
    public static byte[] encode(Object value, Function<Object, byte[]> format) {
        byte[] simple = encodeSimple(value);
        if (simple != null) {
            return simple;
        }
        byte[] other = format.apply(value);
        if (other.length > 0 && isReserved(other[0])) {
            byte[] escaped = new byte[other.length + 1];
            escaped[0] = ESCAPE;
            System.arraycopy(other, 0, escaped, 1, other.length);
            return escaped;
        }
        return other;
    }

    /** Decodes what {@link #encode} wrote, handing the serializer's own encodings to {@code format}. */
    public static Object decode(byte[] bytes, Function<byte[], Object> format) {
        if (bytes.length == 0 || !isReserved(bytes[0])) {
            return format.apply(bytes);
        }
        if (bytes[0] == ESCAPE) {
            return format.apply(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
        return decodeSimple(bytes);
    }

    private static boolean isReserved(byte b) {
        return (b & 0xF0) == 0x70;
    }

    /**
     * The direct encoding of a simple value, or null if {@code value} is not one. Plain
     * {@code instanceof} tests rather than a pattern switch: this runs for every message, first
     * in the interpreter of a fresh child, where a type switch costs its bootstrap (~12 ms) and
     * four times the tests (measured).
     */
    static byte[] encodeSimple(Object value) {
        if (value == null) {
            return new byte[] {NULL};
        } else if (value instanceof Integer x) {
            return ByteBuffer.allocate(5).put(INT).putInt(x).array();
        } else if (value instanceof String s) {
            return encodeString(s);
        } else if (value instanceof Long x) {
            return ByteBuffer.allocate(9).put(LONG).putLong(x).array();
        } else if (value instanceof Double x) {
            return ByteBuffer.allocate(9).put(DOUBLE).putDouble(x).array();
        } else if (value instanceof Boolean x) {
            return new byte[] {x ? TRUE : FALSE};
        } else if (value instanceof Float x) {
            return ByteBuffer.allocate(5).put(FLOAT).putFloat(x).array();
        } else if (value instanceof Short x) {
            return ByteBuffer.allocate(3).put(SHORT).putShort(x).array();
        } else if (value instanceof Byte x) {
            return new byte[] {BYTE, x};
        } else if (value instanceof Character x) {
            return ByteBuffer.allocate(3).put(CHAR).putChar(x).array();
        } else if (value.getClass() == Object[].class) {
            return encodeArray((Object[]) value);
        }
        return null;
    }

    /** An {@code Object[]} whose elements are all simple (strings up to 4096 chars), else null. */
    private static byte[] encodeArray(Object[] values) {
        long size = 5;
        for (Object v : values) {
            int n = elementSize(v);
            if (n < 0) {
                return null;
            }
            size += n;
        }
        if (size > Integer.MAX_VALUE - 16) {
            return null;
        }
        var b = ByteBuffer.allocate((int) size).put(OBJECTS).putInt(values.length);
        for (Object v : values) {
            putElement(b, v);
        }
        return b.array();
    }

    /** Writes one element of an array, straight into the buffer (a string with its length). */
    private static void putElement(ByteBuffer b, Object v) {
        if (v == null) {
            b.put(NULL);
        } else if (v instanceof Integer x) {
            b.put(INT).putInt(x);
        } else if (v instanceof String str) {
            if (isLatin1(str)) {
                b.put(LATIN1).putInt(str.length());
                for (int i = 0; i < str.length(); i++) {
                    b.put((byte) str.charAt(i));
                }
            } else {
                b.put(UTF16).putInt(2 * str.length());
                for (int i = 0; i < str.length(); i++) {
                    b.putChar(str.charAt(i));
                }
            }
        } else if (v instanceof Long x) {
            b.put(LONG).putLong(x);
        } else if (v instanceof Double x) {
            b.put(DOUBLE).putDouble(x);
        } else if (v instanceof Boolean x) {
            b.put(x ? TRUE : FALSE);
        } else if (v instanceof Float x) {
            b.put(FLOAT).putFloat(x);
        } else if (v instanceof Short x) {
            b.put(SHORT).putShort(x);
        } else if (v instanceof Byte x) {
            b.put(BYTE).put(x);
        } else {
            b.put(CHAR).putChar((Character) v);
        }
    }

    /** The bytes an element takes in an array (tag included), or -1 if it cannot be in one. */
    private static int elementSize(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Byte) {
            return v instanceof Byte ? 2 : 1;
        } else if (v instanceof Integer || v instanceof Float) {
            return 5;
        } else if (v instanceof Long || v instanceof Double) {
            return 9;
        } else if (v instanceof Short || v instanceof Character) {
            return 3;
        } else if (v instanceof String str && str.length() <= MAX_STRING_IN_ARRAY) {
            return 5 + (isLatin1(str) ? str.length() : 2 * str.length());
        }
        return -1;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static byte[] encodeString(String s) {
        int n = s.length();
        if (!isLatin1(s)) {
            var b = ByteBuffer.allocate(1 + 2 * n).put(UTF16);
            b.asCharBuffer().put(s);
            return b.array();
        }
        byte[] out = new byte[1 + n];
        out[0] = LATIN1;
        for (int i = 0; i < n; i++) {
            out[i + 1] = (byte) s.charAt(i);
        }
        return out;
    }

    private static Object decodeSimple(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes);
        byte tag = b.get();
        Object value;
        if (tag == OBJECTS) {
            int count = fixed(b, 4).getInt();
            if (count < 0 || count > b.remaining()) {
                throw corrupt("an array of " + count + " values in " + b.remaining() + " bytes");
            }
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                byte t = fixed(b, 1).get();
                values[i] = readValue(t, b, t == LATIN1 || t == UTF16 ? fixed(b, 4).getInt() : -1);
            }
            value = values;
        } else {
            value = readValue(tag, b, b.remaining());
        }
        if (b.hasRemaining()) {
            throw corrupt(b.remaining() + " bytes after the value of tag 0x" + Integer.toHexString(tag & 0xFF));
        }
        return value;
    }

    /** Reads one value of {@code tag}; a string takes {@code stringBytes} bytes. */
    private static Object readValue(byte tag, ByteBuffer b, int stringBytes) {
        return switch (tag) {
            case NULL -> null;
            case INT -> fixed(b, 4).getInt();
            case LONG -> fixed(b, 8).getLong();
            case DOUBLE -> fixed(b, 8).getDouble();
            case FLOAT -> fixed(b, 4).getFloat();
            case SHORT -> fixed(b, 2).getShort();
            case BYTE -> fixed(b, 1).get();
            case CHAR -> fixed(b, 2).getChar();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case LATIN1 -> {
                fixed(b, Math.max(0, stringBytes));
                if (stringBytes < 0) {
                    throw corrupt("a string of " + stringBytes + " bytes");
                }
                String str = new String(b.array(), b.arrayOffset() + b.position(), stringBytes, StandardCharsets.ISO_8859_1);
                b.position(b.position() + stringBytes);
                yield str;
            }
            case UTF16 -> {
                fixed(b, Math.max(0, stringBytes));
                if (stringBytes < 0 || stringBytes % 2 != 0) {
                    throw corrupt("a UTF-16 string of " + stringBytes + " bytes");
                }
                char[] chars = new char[stringBytes / 2];
                b.asCharBuffer().get(chars);
                b.position(b.position() + stringBytes);
                yield new String(chars);
            }
            default -> throw corrupt("unknown tag 0x" + Integer.toHexString(tag & 0xFF));
        };
    }

    private static ByteBuffer fixed(ByteBuffer b, int size) {
        if (b.remaining() < size) {
            throw corrupt(b.remaining() + " bytes where a value of " + size + " was expected");
        }
        return b;
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("cannot deserialise: corrupt simple value (" + what + ")", null, null);
    }
}
