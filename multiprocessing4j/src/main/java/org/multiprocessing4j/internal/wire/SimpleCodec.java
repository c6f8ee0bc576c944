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
 *   | tag | value |    tag 0x70-0x7B: the type; value: big-endian; a string is its length in
 *   +-----+-------+    bytes (4) and then Latin-1 bytes (one per char) or UTF-16 chars (two
 *                      per char), so that every String, unpaired surrogates included, comes
 *                      back equal
 *
 *   +------+-----------+-----+-------+-----+-------+----
 *   | 0x7C | count (4) | tag | value | tag | value | ...   an Object[] of simple values (the
 *   +------+-----------+-----+-------+-----+-------+----   arguments of a manager call, say;
 *                                                          strings there up to 4096 chars)
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
    /** The largest array a JVM allocates everywhere. */
    private static final long MAX_ENCODING = Integer.MAX_VALUE - 16;

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
        if (value != null && value.getClass() == Object[].class) {
            return encodeArray((Object[]) value);
        }
        long size = size(value, Integer.MAX_VALUE);
        if (size < 0 || size > MAX_ENCODING) {
            return null;
        }
        var b = ByteBuffer.allocate((int) size);
        put(b, value);
        return b.array();
    }

    /** An {@code Object[]} whose elements are all simple (strings up to 4096 chars), else null. */
    private static byte[] encodeArray(Object[] values) {
        long size = 5;
        for (Object v : values) {
            long n = size(v, MAX_STRING_IN_ARRAY);
            if (n < 0) {
                return null;
            }
            size += n;
        }
        if (size > MAX_ENCODING) {
            return null;
        }
        var b = ByteBuffer.allocate((int) size).put(OBJECTS).putInt(values.length);
        for (Object v : values) {
            put(b, v);
        }
        return b.array();
    }

    /**
     * The bytes {@code v} takes, tag included, or -1 if it is not simple (or a string longer
     * than {@code maxString} chars).
     */
    private static long size(Object v, int maxString) {
        if (v == null || v instanceof Boolean) {
            return 1;
        } else if (v instanceof Integer || v instanceof Float) {
            return 5;
        } else if (v instanceof String str) {
            return str.length() > maxString ? -1 : 5 + (isLatin1(str) ? 1L : 2L) * str.length();
        } else if (v instanceof Long || v instanceof Double) {
            return 9;
        } else if (v instanceof Short || v instanceof Character) {
            return 3;
        } else if (v instanceof Byte) {
            return 2;
        }
        return -1;
    }

    /** Writes a simple value: its tag, then the value (a string with its length in bytes). */
    private static void put(ByteBuffer b, Object v) {
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
                b.asCharBuffer().put(str);
                b.position(b.position() + 2 * str.length());
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

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
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
                values[i] = readValue(fixed(b, 1).get(), b);
            }
            value = values;
        } else {
            value = readValue(tag, b);
        }
        if (b.hasRemaining()) {
            throw corrupt(b.remaining() + " bytes after the value of tag 0x" + Integer.toHexString(tag & 0xFF));
        }
        return value;
    }

    /** Reads the value of one {@code tag}. */
    private static Object readValue(byte tag, ByteBuffer b) {
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
                int n = stringBytes(b, 1);
                String str = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.ISO_8859_1);
                b.position(b.position() + n);
                yield str;
            }
            case UTF16 -> {
                char[] chars = new char[stringBytes(b, 2) / 2];
                b.asCharBuffer().get(chars);
                b.position(b.position() + 2 * chars.length);
                yield new String(chars);
            }
            default -> throw corrupt("unknown tag 0x" + Integer.toHexString(tag & 0xFF));
        };
    }

    /** A string's length in bytes, checked against what is left and against its char width. */
    private static int stringBytes(ByteBuffer b, int charWidth) {
        int n = fixed(b, 4).getInt();
        if (n < 0 || n % charWidth != 0 || n > b.remaining()) {
            throw corrupt("a string of " + n + " bytes, " + b.remaining() + " left");
        }
        return n;
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
