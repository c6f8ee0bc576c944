package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

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

    /** Whether what {@link #encode} wrote at {@code offset} is a simple value (or array of them), decoded without {@code format}. */
    public static boolean isSimple(byte[] bytes, int offset) {
        return bytes.length > offset && isReserved(bytes[offset]) && bytes[offset] != ESCAPE;
    }

    /** Encodes {@code value} directly if it is simple, else with {@code format} (escaped if needed). */
    public static byte[] encode(Object value, Function<Object, byte[]> format) {
        return encode(value, 0, format);
    }

    /**
     * As {@link #encode(Object, Function)}, after {@code room} bytes left free at the start of
     * the array for the caller's own header (a simple value is written in place, saving a copy).
     */
    public static byte[] encode(Object value, int room, Function<Object, byte[]> format) {
        byte[] simple = encodeSimple(value, room);
        if (simple != null) {
            return simple;
        }
        byte[] other = format.apply(value);
        int escape = other.length > 0 && isReserved(other[0]) ? 1 : 0;
        if (room == 0 && escape == 0) {
            return other;
        }
        byte[] out = new byte[room + escape + other.length];
        if (escape == 1) {
            out[room] = ESCAPE;
        }
        System.arraycopy(other, 0, out, room + escape, other.length);
        return out;
    }

    /** Decodes what {@link #encode} wrote, handing the serializer's own encodings to {@code format}. */
    public static Object decode(byte[] bytes, Function<byte[], Object> format) {
        return decode(bytes, 0, format);
    }

    /** Decodes what {@link #encode(Object, int, Function)} wrote after {@code offset} bytes. */
    public static Object decode(byte[] bytes, int offset, Function<byte[], Object> format) {
        if (offset > bytes.length) {
            throw corrupt("a message of " + bytes.length + " bytes ends inside its " + offset + "-byte header");
        }
        if (bytes.length == offset || !isReserved(bytes[offset])) {
            return format.apply(offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, bytes.length));
        }
        if (bytes[offset] == ESCAPE) {
            return format.apply(Arrays.copyOfRange(bytes, offset + 1, bytes.length));
        }
        return decodeSimple(bytes, offset);
    }

    private static boolean isReserved(byte b) {
        return (b & 0xF0) == 0x70;
    }

    /** The direct encoding of a simple value, or null if {@code value} is not one. */
    static byte[] encodeSimple(Object value) {
        return encodeSimple(value, 0);
    }

    /*
     * Plain instanceof tests rather than a pattern switch, and bytes written by hand rather than
     * through a ByteBuffer: this runs for every message, first in the interpreter of a fresh
     * child, where a type switch costs its bootstrap (~12 ms) and four times the tests, and each
     * ByteBuffer.putInt some ten interpreted calls (both measured).
     */
    private static byte[] encodeSimple(Object value, int room) {
        if (value != null && value.getClass() == Object[].class) {
            return encodeArray((Object[]) value, room);
        }
        long size = size(value, Integer.MAX_VALUE);
        if (size < 0 || size > MAX_ENCODING - room) {
            return null;
        }
        byte[] b = new byte[room + (int) size];
        put(b, room, value);
        return b;
    }

    /** An {@code Object[]} whose elements are all simple (strings up to 4096 chars), else null. */
    private static byte[] encodeArray(Object[] values, int room) {
        long size = 5;
        for (Object v : values) {
            long n = size(v, MAX_STRING_IN_ARRAY);
            if (n < 0) {
                return null;
            }
            size += n;
        }
        if (size > MAX_ENCODING - room) {
            return null;
        }
        byte[] b = new byte[room + (int) size];
        b[room] = OBJECTS;
        Bytes.putInt(b, room + 1, values.length);
        int p = room + 5;
        for (Object v : values) {
            p = put(b, p, v);
        }
        return b;
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

    /**
     * Writes a simple value at {@code p}: its tag, then the value (a string with its length in
     * bytes); returns the position after it.
     */
    private static int put(byte[] b, int p, Object v) {
        if (v == null) {
            b[p] = NULL;
            return p + 1;
        } else if (v instanceof Integer x) {
            b[p] = INT;
            Bytes.putInt(b, p + 1, x);
            return p + 5;
        } else if (v instanceof String str) {
            int n = str.length();
            if (isLatin1(str)) {
                b[p] = LATIN1;
                Bytes.putInt(b, p + 1, n);
                p += 5;
                for (int i = 0; i < n; i++) {
                    b[p++] = (byte) str.charAt(i);
                }
            } else {
                b[p] = UTF16;
                Bytes.putInt(b, p + 1, 2 * n);
                p += 5;
                for (int i = 0; i < n; i++) {
                    char c = str.charAt(i);
                    b[p++] = (byte) (c >>> 8);
                    b[p++] = (byte) c;
                }
            }
            return p;
        } else if (v instanceof Long x) {
            b[p] = LONG;
            Bytes.putLong(b, p + 1, x);
            return p + 9;
        } else if (v instanceof Double x) {
            b[p] = DOUBLE;
            Bytes.putLong(b, p + 1, Double.doubleToRawLongBits(x));
            return p + 9;
        } else if (v instanceof Boolean x) {
            b[p] = x ? TRUE : FALSE;
            return p + 1;
        } else if (v instanceof Float x) {
            b[p] = FLOAT;
            Bytes.putInt(b, p + 1, Float.floatToRawIntBits(x));
            return p + 5;
        } else if (v instanceof Short x) {
            b[p] = SHORT;
            Bytes.putShort(b, p + 1, x);
            return p + 3;
        } else if (v instanceof Byte x) {
            b[p] = BYTE;
            b[p + 1] = x;
            return p + 2;
        }
        b[p] = CHAR;
        Bytes.putShort(b, p + 1, (Character) v);
        return p + 3;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** A reading position in the encoding, with the bounds checks of a corrupt-input error. */
    private static final class Reader {
        private final byte[] b;
        private int p;

        Reader(byte[] b, int p) {
            this.b = b;
            this.p = p;
        }

        int remaining() {
            return b.length - p;
        }

        /** The position of {@code size} more bytes, which are then consumed. */
        int take(int size) {
            if (b.length - p < size) {
                throw corrupt((b.length - p) + " bytes where a value of " + size + " was expected");
            }
            int at = p;
            p += size;
            return at;
        }
    }

    private static Object decodeSimple(byte[] bytes, int offset) {
        var r = new Reader(bytes, offset);
        byte tag = bytes[r.take(1)];
        Object value;
        if (tag == OBJECTS) {
            int count = Bytes.getInt(bytes, r.take(4));
            if (count < 0 || count > r.remaining()) {
                throw corrupt("an array of " + count + " values in " + r.remaining() + " bytes");
            }
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                values[i] = readValue(bytes[r.take(1)], r);
            }
            value = values;
        } else {
            value = readValue(tag, r);
        }
        if (r.remaining() > 0) {
            throw corrupt(r.remaining() + " bytes after the value of tag 0x" + Integer.toHexString(tag & 0xFF));
        }
        return value;
    }

    /** Reads the value of one {@code tag}. */
    private static Object readValue(byte tag, Reader r) {
        byte[] b = r.b;
        return switch (tag) {
            case NULL -> null;
            case INT -> Bytes.getInt(b, r.take(4));
            case LONG -> Bytes.getLong(b, r.take(8));
            case DOUBLE -> Double.longBitsToDouble(Bytes.getLong(b, r.take(8)));
            case FLOAT -> Float.intBitsToFloat(Bytes.getInt(b, r.take(4)));
            case SHORT -> Bytes.getShort(b, r.take(2));
            case BYTE -> b[r.take(1)];
            case CHAR -> (char) Bytes.getShort(b, r.take(2));
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case LATIN1 -> {
                int n = stringBytes(r, 1);
                yield new String(b, r.take(n), n, StandardCharsets.ISO_8859_1);
            }
            case UTF16 -> {
                int n = stringBytes(r, 2);
                int at = r.take(n);
                char[] chars = new char[n / 2];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) Bytes.getShort(b, at + 2 * i);
                }
                yield new String(chars);
            }
            default -> throw corrupt("unknown tag 0x" + Integer.toHexString(tag & 0xFF));
        };
    }

    /** A string's length in bytes, checked against what is left and against its char width. */
    private static int stringBytes(Reader r, int charWidth) {
        int n = Bytes.getInt(r.b, r.take(4));
        if (n < 0 || n % charWidth != 0 || n > r.remaining()) {
            throw corrupt("a string of " + n + " bytes, " + r.remaining() + " left");
        }
        return n;
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("cannot deserialise: corrupt simple value (" + what + ")", null, null);
    }
}
