package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values most messages are — {@code null}, boxed primitives, strings, the JDK's common
 * collections of them and arrays of primitives — encoded directly, in front of every serializer:
 * a fresh JVM that only sends and receives such values never builds its serializer. Building
 * Fory costs a fresh JVM 230-300 ms of CPU (measured on the 2-core VM: a child's first
 * {@code Queue.put(0)} took 297-309 ms, the next 199 999 took 271-284 ms together; a JVM's first
 * {@code List.of(1)} through Fory 224-236 ms), and a child is a fresh JVM: before collections were
 * simple values, a cold {@code Pool(1)}'s first {@code apply} of a task returning
 * {@code List.of(1)} took 525-572 ms against 176 ms for one returning {@code 1}.
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
 *   +------+-----------+-----+-------+-----+-------+----   arguments of a manager call, the
 *                                                          items of a pool's chunk), each a
 *                                                          value above or a container below
 *
 *   +------+----------+-----------+-----+-------+----
 *   | 0x7D | kind (1) | count (4) | tag | value | ...     a container of values of the first
 *   +------+----------+-----------+-----+-------+----     kind (never another container): an
 *                                                         ArrayList, a HashMap, List.of(..), a
 *                                                         String[], ... (KIND_*); a map's count
 *                                                         is its entries, each key then value
 *
 *   +------+----------+------------+----------------+
 *   | 0x7E | kind (1) | length (4) | elements       |    an array of a primitive type,
 *   +------+----------+------------+----------------+    elements big-endian
 *
 *   +------+----+---------------+------------+-----------+----
 *   | 0x7D | 13 | components (4)| class name | component | ...  a record (when the serializer
 *   +------+----+---------------+------------+-----------+----  allows it), its class's binary
 *                                                               name a string value (in an
 *                                                               Object[], null for the class of
 *                                                               the record before it), each
 *                                                               component a value of the first
 *                                                               kind or a container above
 * </pre>
 *
 * Records: a serializer built on Fory writes a record whose components are all values of the
 * first kind or containers of them this way (a strict one, of a network channel, only records
 * its allow-list names, checked by name before the class is loaded on the reading side); JDK
 * serialisation leaves every record to its object streams, which require {@code Serializable}.
 * The components are read from the record's fields and the record is made again through its
 * canonical constructor, as both Fory and JDK serialisation do ({@link RecordCodec}); a record in
 * a record, or in a container, goes to the serializer. Measured (2026-12-07, 2-core VM): a cold
 * {@code Pool(1)}'s first {@code apply} of a task returning a record of an int and a string took
 * 831-833 ms with Fory (the worker built it, then the parent, with its code generation), 174-189
 * ms this way, and the {@code map} of 1 000 such tasks after it 183-220 ms against 37-48; a warm
 * {@code Pool(2)} mapping 200 000 of them, twelve maps in a row, reached 5-6.7 M records/s this
 * way and 7-9.5 M/s with Fory once its generated code runs (from about the sixth map on; the
 * first five within each other's noise).
 *
 * A container comes back of its own class (an {@code ArrayList} as one, {@code List.of(..)} as
 * an unmodifiable list of the same class), in its order; other collection classes (sub-lists,
 * unmodifiable views, a sorted collection with a comparator, a subclass) and containers whose
 * elements are not all values of the first kind go to the serializer, as does an
 * {@code Object[]} that holds one container twice, whose sharing the serializer keeps (a record
 * of simple values is a value, as a boxed number is: given twice, it arrives as two equal ones). A
 * {@code LinkedHashMap} comes back in insertion order: one made with access order (an LRU map
 * not written as a subclass) loses it, as it does through Fory (JDK streams kept it; nothing
 * public tells the two apart).
 * Strings in arrays and containers are at most 4096 chars, longer ones leave the whole message
 * to the serializer (whose strings are as good).
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
    private static final byte CONTAINER = 0x7D;
    private static final byte PRIMITIVES = 0x7E;
    private static final byte ESCAPE = 0x7F;

    // The kinds of CONTAINER; a map's elements are its keys and values, alternating.
    private static final byte KIND_ARRAY_LIST = 0;
    private static final byte KIND_LINKED_LIST = 1;
    private static final byte KIND_LIST_OF = 2;
    private static final byte KIND_HASH_SET = 3;
    private static final byte KIND_LINKED_HASH_SET = 4;
    private static final byte KIND_TREE_SET = 5;
    private static final byte KIND_SET_OF = 6;
    private static final byte KIND_HASH_MAP = 7;
    private static final byte KIND_LINKED_HASH_MAP = 8;
    private static final byte KIND_TREE_MAP = 9;
    private static final byte KIND_MAP_OF = 10;
    private static final byte KIND_STRINGS = 11;
    private static final byte KIND_STREAM_LIST = 12;
    /** A record: its class's binary name (a string value), then its components, each a value or a container. */
    private static final byte KIND_RECORD = 13;

    // The unmodifiable collections of List.of, Set.of and Map.of (and copyOf, Stream.toList), by class.
    private static final Class<?> LIST_12 = List.of(0).getClass();
    private static final Class<?> LIST_N = List.of().getClass();
    private static final Class<?> SET_12 = Set.of(0).getClass();
    private static final Class<?> SET_N = Set.of().getClass();
    private static final Class<?> MAP_1 = Map.of(0, 0).getClass();
    private static final Class<?> MAP_N = Map.of().getClass();

    /** The primitive array classes, by their kind in PRIMITIVES; each element's width in bytes below. */
    private static final Class<?>[] PRIMITIVE_ARRAYS = {boolean[].class, byte[].class, short[].class, char[].class,
            int[].class, long[].class, float[].class, double[].class};
    private static final int[] WIDTHS = {1, 1, 2, 2, 4, 8, 4, 8};
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
        return encode(value, room, format, null);
    }

    /**
     * As {@link #encode(Object, int, Function)}, writing records whose class {@code records}
     * accepts (by binary name) as simple values too; null writes none.
     */
    public static byte[] encode(Object value, int room, Function<Object, byte[]> format, Predicate<String> records) {
        byte[] simple = encodeSimple(value, room, records);
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
        return decode(bytes, offset, format, null);
    }

    /**
     * As {@link #decode(byte[], int, Function)}, reading records whose class {@code records}
     * accepts (by binary name, before the class is loaded); null refuses every record.
     */
    public static Object decode(byte[] bytes, int offset, Function<byte[], Object> format, Predicate<String> records) {
        if (offset > bytes.length) {
            throw corrupt("a message of " + bytes.length + " bytes ends inside its " + offset + "-byte header");
        }
        if (bytes.length == offset || !isReserved(bytes[offset])) {
            return format.apply(offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, bytes.length));
        }
        if (bytes[offset] == ESCAPE) {
            return format.apply(Arrays.copyOfRange(bytes, offset + 1, bytes.length));
        }
        return decodeSimple(bytes, offset, records);
    }

    private static boolean isReserved(byte b) {
        return (b & 0xF0) == 0x70;
    }

    /** The direct encoding of a simple value, or null if {@code value} is not one. */
    static byte[] encodeSimple(Object value) {
        return encodeSimple(value, 0, null);
    }

    /** As {@link #encodeSimple(Object)}, records of the classes {@code records} accepts included. */
    static byte[] encodeSimple(Object value, Predicate<String> records) {
        return encodeSimple(value, 0, records);
    }

    /*
     * Plain instanceof tests rather than a pattern switch, and bytes written by hand rather than
     * through a ByteBuffer: this runs for every message, first in the interpreter of a fresh
     * child, where a type switch costs its bootstrap (~12 ms) and four times the tests, and each
     * ByteBuffer.putInt some ten interpreted calls (both measured).
     */
    private static byte[] encodeSimple(Object value, int room, Predicate<String> records) {
        if (value != null && value.getClass() == Object[].class) {
            return encodeArray((Object[]) value, room, records);
        }
        long size = size(value, Integer.MAX_VALUE);
        if (size < 0) {
            Object part = value == null ? null : part(value, records);
            if (part == null || part instanceof RecordPart r && !r.sharesNothing(new IdentityHashMap<>())) {
                return null;
            }
            size = partSize(part);
            if (size > MAX_ENCODING - room) {
                return null;
            }
            byte[] b = new byte[room + (int) size];
            putPart(b, room, part);
            return b;
        }
        if (size > MAX_ENCODING - room) {
            return null;
        }
        byte[] b = new byte[room + (int) size];
        put(b, room, value);
        return b;
    }

    /**
     * An {@code Object[]} whose elements are all simple values or containers of them (strings up
     * to 4096 chars, no container twice), else null.
     */
    private static byte[] encodeArray(Object[] values, int room, Predicate<String> records) {
        long size = 5;
        Object[] parts = null; // the taken-apart containers, at their elements' indexes
        IdentityHashMap<Object, Boolean> seen = null;
        Class<?> lastRecord = null; // a record of the same class as the one before it names it by a null
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            long n = size(v, MAX_STRING_IN_ARRAY);
            if (n < 0) {
                Object part = part(v, records);
                if (part == null) {
                    return null;
                }
                if (parts == null) {
                    parts = new Object[values.length];
                }
                // One container twice: the serializer keeps the sharing. A record of simple values
                // is a value, as a boxed number is: only one that holds containers is tracked.
                if (!(part instanceof RecordPart r) || r.holdsContainers()) {
                    if (seen == null) {
                        seen = new IdentityHashMap<>();
                    }
                    if (seen.put(v, Boolean.TRUE) != null || part instanceof RecordPart rp && !rp.sharesNothing(seen)) {
                        return null;
                    }
                }
                if (part instanceof RecordPart r) {
                    if (r.type() == lastRecord) {
                        r = new RecordPart(r.type(), r.components(), r.parts(),
                                r.size() - size(r.type().getName(), Integer.MAX_VALUE) + 1, true);
                        part = r;
                    }
                    lastRecord = r.type();
                }
                parts[i] = part;
                n = partSize(part);
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
        for (int i = 0; i < values.length; i++) {
            p = parts != null && parts[i] != null ? putPart(b, p, parts[i]) : put(b, p, values[i]);
        }
        return b;
    }

    /** A container taken apart: its kind, its elements (a snapshot), and the bytes it takes. */
    private record Container(byte kind, Object[] elements, long size) {}

    /**
     * A record taken apart: its class, its components, for each component that is a container
     * (or an array of a primitive type) that part, else null; the bytes it takes; and whether
     * the record before it in the same array is of its class (then a null stands for the name).
     */
    private record RecordPart(Class<?> type, Object[] components, Object[] parts, long size, boolean sameClass) {
        boolean holdsContainers() {
            for (Object part : parts) {
                if (part != null) {
                    return true;
                }
            }
            return false;
        }

        /** Whether no container of it is in {@code seen} already (or twice in it); adds them. */
        boolean sharesNothing(IdentityHashMap<Object, Boolean> seen) {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null && seen.put(components[i], Boolean.TRUE) != null) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * {@code v} ready to write as a container ({@link Container}), an array of a primitive type
     * (the array itself) or, if {@code records} accepts its class, a record ({@link RecordPart});
     * or null if it is none of these (or holds something else than simple values).
     */
    private static Object part(Object v, Predicate<String> records) {
        Class<?> c = v.getClass();
        if (c.isArray()) {
            return c.getComponentType().isPrimitive() ? v : c == String[].class ? container(KIND_STRINGS, ((String[]) v).clone()) : null;
        }
        if (c == ArrayList.class) {
            return container(KIND_ARRAY_LIST, ((ArrayList<?>) v).toArray());
        } else if (c == HashMap.class) {
            return container(KIND_HASH_MAP, entries((Map<?, ?>) v));
        } else if (c == LIST_12 || c == LIST_N) {
            // List.of's lists refuse nulls, even in contains(null); Stream.toList()'s (of class
            // ListN) take them, and List.copyOf returns only the first kind unchanged
            Object[] e = ((List<?>) v).toArray();
            return container(!hasNull(e) && List.copyOf((List<?>) v) == v ? KIND_LIST_OF : KIND_STREAM_LIST, e);
        } else if (c == LinkedHashMap.class) {
            return container(KIND_LINKED_HASH_MAP, entries((Map<?, ?>) v));
        } else if (c == HashSet.class) {
            return container(KIND_HASH_SET, ((HashSet<?>) v).toArray());
        } else if (c == LinkedHashSet.class) {
            return container(KIND_LINKED_HASH_SET, ((LinkedHashSet<?>) v).toArray());
        } else if (c == MAP_1 || c == MAP_N) {
            return container(KIND_MAP_OF, entries((Map<?, ?>) v));
        } else if (c == SET_12 || c == SET_N) {
            return container(KIND_SET_OF, ((Set<?>) v).toArray());
        } else if (c == TreeMap.class && ((SortedMap<?, ?>) v).comparator() == null) {
            return container(KIND_TREE_MAP, entries((Map<?, ?>) v));
        } else if (c == TreeSet.class && ((SortedSet<?>) v).comparator() == null) {
            return container(KIND_TREE_SET, ((TreeSet<?>) v).toArray());
        } else if (c == LinkedList.class) {
            return container(KIND_LINKED_LIST, ((LinkedList<?>) v).toArray());
        } else if (records != null && c.isRecord() && records.test(c.getName())) {
            return recordPart((Record) v);
        }
        return null;
    }

    /** A record whose components are all simple values or containers of them, taken apart; else null. */
    private static RecordPart recordPart(Record record) {
        Object[] components = RecordCodec.components(record);
        if (components == null) {
            return null;
        }
        long size = 6 + size(record.getClass().getName(), Integer.MAX_VALUE);
        Object[] parts = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            long n = size(components[i], MAX_STRING_IN_ARRAY);
            if (n < 0) {
                parts[i] = part(components[i], null); // no record in a record
                if (parts[i] == null) {
                    return null;
                }
                n = partSize(parts[i]);
            }
            size += n;
        }
        return new RecordPart(record.getClass(), components, parts, size, false);
    }

    private static Container container(byte kind, Object[] elements) {
        long size = 6;
        for (Object e : elements) {
            long n = size(e, MAX_STRING_IN_ARRAY);
            if (n < 0) {
                return null;
            }
            size += n;
        }
        return new Container(kind, elements, size);
    }

    /** A map's keys and values, alternating, in its order. */
    private static Object[] entries(Map<?, ?> map) {
        Object[] out = new Object[2 * map.size()];
        int i = 0;
        for (var e : map.entrySet()) {
            if (i == out.length) {
                out = Arrays.copyOf(out, out.length + 16); // it grew meanwhile
            }
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return i == out.length ? out : Arrays.copyOf(out, i);
    }

    private static boolean hasNull(Object[] values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    private static long partSize(Object part) {
        if (part instanceof Container c) {
            return c.size();
        } else if (part instanceof RecordPart r) {
            return r.size();
        }
        int kind = primitiveKind(part.getClass());
        return 6 + (long) WIDTHS[kind] * java.lang.reflect.Array.getLength(part);
    }

    private static int primitiveKind(Class<?> arrayClass) {
        for (int k = 0; k < PRIMITIVE_ARRAYS.length; k++) {
            if (PRIMITIVE_ARRAYS[k] == arrayClass) {
                return k;
            }
        }
        throw new IllegalArgumentException(arrayClass.getName());
    }

    /** Writes a part at {@code p} (its tag, kind, count and elements); returns the position after it. */
    private static int putPart(byte[] b, int p, Object part) {
        if (part instanceof Container c) {
            b[p] = CONTAINER;
            b[p + 1] = c.kind();
            Object[] e = c.elements();
            Bytes.putInt(b, p + 2, c.kind() >= KIND_HASH_MAP && c.kind() <= KIND_MAP_OF ? e.length / 2 : e.length);
            p += 6;
            for (Object v : e) {
                p = put(b, p, v);
            }
            return p;
        } else if (part instanceof RecordPart r) {
            b[p] = CONTAINER;
            b[p + 1] = KIND_RECORD;
            Bytes.putInt(b, p + 2, r.components().length);
            p = put(b, p + 6, r.sameClass() ? null : r.type().getName());
            for (int i = 0; i < r.components().length; i++) {
                p = r.parts()[i] != null ? putPart(b, p, r.parts()[i]) : put(b, p, r.components()[i]);
            }
            return p;
        }
        int kind = primitiveKind(part.getClass());
        int length = java.lang.reflect.Array.getLength(part);
        b[p] = PRIMITIVES;
        b[p + 1] = (byte) kind;
        Bytes.putInt(b, p + 2, length);
        p += 6;
        var buffer = ByteBuffer.wrap(b, p, WIDTHS[kind] * length);
        if (part instanceof boolean[] a) {
            for (boolean x : a) {
                b[p++] = (byte) (x ? 1 : 0);
            }
            return p;
        } else if (part instanceof byte[] a) {
            buffer.put(a);
        } else if (part instanceof short[] a) {
            buffer.asShortBuffer().put(a);
        } else if (part instanceof char[] a) {
            buffer.asCharBuffer().put(a);
        } else if (part instanceof int[] a) {
            buffer.asIntBuffer().put(a);
        } else if (part instanceof long[] a) {
            buffer.asLongBuffer().put(a);
        } else if (part instanceof float[] a) {
            buffer.asFloatBuffer().put(a);
        } else {
            buffer.asDoubleBuffer().put((double[]) part);
        }
        return p + WIDTHS[kind] * length;
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

    private static Object decodeSimple(byte[] bytes, int offset, Predicate<String> records) {
        var r = new Reader(bytes, offset);
        byte tag = bytes[r.take(1)];
        Object value;
        if (tag == OBJECTS) {
            int count = Bytes.getInt(bytes, r.take(4));
            if (count < 0 || count > r.remaining()) {
                throw corrupt("an array of " + count + " values in " + r.remaining() + " bytes");
            }
            Object[] values = new Object[count];
            Class<?> lastRecord = null;
            for (int i = 0; i < count; i++) {
                byte t = bytes[r.take(1)];
                values[i] = t == CONTAINER ? readContainer(r, records, lastRecord) : t == PRIMITIVES ? readPrimitives(r) : readValue(t, r);
                if (values[i] instanceof Record) {
                    lastRecord = values[i].getClass();
                }
            }
            value = values;
        } else if (tag == CONTAINER) {
            value = readContainer(r, records, null);
        } else if (tag == PRIMITIVES) {
            value = readPrimitives(r);
        } else {
            value = readValue(tag, r);
        }
        if (r.remaining() > 0) {
            throw corrupt(r.remaining() + " bytes after the value of tag 0x" + Integer.toHexString(tag & 0xFF));
        }
        return value;
    }

    /**
     * Reads a container after its tag: its kind, count and values; a record if {@code records}
     * accepts its class ({@code lastRecord}: the class of the record before it in the same array).
     */
    private static Object readContainer(Reader r, Predicate<String> records, Class<?> lastRecord) {
        byte[] b = r.b;
        byte kind = b[r.take(1)];
        int count = Bytes.getInt(b, r.take(4));
        if (kind == KIND_RECORD) {
            return readRecord(r, count, records, lastRecord);
        }
        boolean map = kind >= KIND_HASH_MAP && kind <= KIND_MAP_OF;
        if (count < 0 || (map ? 2L : 1L) * count > r.remaining()) {
            throw corrupt("a container of " + count + (map ? " entries" : " values") + " in " + r.remaining() + " bytes");
        }
        Object[] e = new Object[map ? 2 * count : count];
        for (int i = 0; i < e.length; i++) {
            e[i] = readValue(b[r.take(1)], r);
        }
        try {
            return switch (kind) {
                case KIND_ARRAY_LIST -> new ArrayList<>(Arrays.asList(e));
                case KIND_LINKED_LIST -> new LinkedList<>(Arrays.asList(e));
                case KIND_LIST_OF -> List.of(e);
                case KIND_STREAM_LIST -> Arrays.stream(e).toList();
                case KIND_HASH_SET -> fill(HashSet.newHashSet(count), e);
                case KIND_LINKED_HASH_SET -> fill(LinkedHashSet.newLinkedHashSet(count), e);
                case KIND_TREE_SET -> fill(new TreeSet<>(), e);
                case KIND_SET_OF -> Set.of(e);
                case KIND_HASH_MAP -> fill(HashMap.newHashMap(count), e);
                case KIND_LINKED_HASH_MAP -> fill(LinkedHashMap.newLinkedHashMap(count), e);
                case KIND_TREE_MAP -> fill(new TreeMap<>(), e);
                case KIND_MAP_OF -> {
                    @SuppressWarnings("unchecked")
                    Map.Entry<Object, Object>[] entries = new Map.Entry[count];
                    for (int i = 0; i < count; i++) {
                        entries[i] = Map.entry(e[2 * i], e[2 * i + 1]);
                    }
                    yield Map.ofEntries(entries);
                }
                case KIND_STRINGS -> {
                    String[] strings = new String[e.length];
                    for (int i = 0; i < e.length; i++) {
                        if (e[i] != null && !(e[i] instanceof String)) {
                            throw corrupt("a " + e[i].getClass().getName() + " in a String[]");
                        }
                        strings[i] = (String) e[i];
                    }
                    yield strings;
                }
                default -> throw corrupt("unknown container kind " + kind);
            };
        } catch (NullPointerException | IllegalArgumentException | ClassCastException e2) {
            // a null in List.of, a key twice in Set.of or Map.of, keys a TreeMap cannot compare:
            // not what an encoder of the same class writes
            throw corrupt("a container of kind " + kind + " its class refuses (" + e2 + ")");
        }
    }

    /** Reads a record after its count: its class's name (null: {@code lastRecord}), then its components. */
    private static Object readRecord(Reader r, int count, Predicate<String> records, Class<?> lastRecord) {
        if (records == null) {
            throw corrupt("a record where this channel takes none (or a record inside a container)");
        }
        if (count < 0 || count > r.remaining()) {
            throw corrupt("a record of " + count + " components in " + r.remaining() + " bytes");
        }
        byte[] b = r.b;
        byte tag = b[r.take(1)];
        Class<?> type;
        if (tag == NULL && lastRecord != null) {
            type = lastRecord; // checked when the first of them was read
        } else if (tag == LATIN1 || tag == UTF16) {
            type = RecordCodec.type((String) readValue(tag, r), records);
        } else {
            throw corrupt("a record whose class name has tag 0x" + Integer.toHexString(tag & 0xFF));
        }
        Object[] components = new Object[count];
        for (int i = 0; i < count; i++) {
            byte t = b[r.take(1)];
            components[i] = t == CONTAINER ? readContainer(r, null, null) : t == PRIMITIVES ? readPrimitives(r) : readValue(t, r);
        }
        return RecordCodec.create(type, components);
    }

    private static <C extends java.util.Collection<Object>> C fill(C collection, Object[] elements) {
        collection.addAll(Arrays.asList(elements));
        return collection;
    }

    private static <M extends Map<Object, Object>> M fill(M map, Object[] keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Reads an array of a primitive type after its tag. */
    private static Object readPrimitives(Reader r) {
        byte[] b = r.b;
        int kind = b[r.take(1)];
        int length = Bytes.getInt(b, r.take(4));
        if (kind < 0 || kind >= PRIMITIVE_ARRAYS.length) {
            throw corrupt("unknown primitive array kind " + kind);
        }
        if (length < 0 || (long) WIDTHS[kind] * length > r.remaining()) {
            throw corrupt("a " + PRIMITIVE_ARRAYS[kind].getSimpleName() + " of " + length + " elements in " + r.remaining() + " bytes");
        }
        int at = r.take(WIDTHS[kind] * length);
        var buffer = ByteBuffer.wrap(b, at, WIDTHS[kind] * length);
        Object array = java.lang.reflect.Array.newInstance(PRIMITIVE_ARRAYS[kind].getComponentType(), length);
        if (array instanceof boolean[] a) {
            for (int i = 0; i < length; i++) {
                a[i] = b[at + i] != 0;
            }
        } else if (array instanceof byte[] a) {
            buffer.get(a);
        } else if (array instanceof short[] a) {
            buffer.asShortBuffer().get(a);
        } else if (array instanceof char[] a) {
            buffer.asCharBuffer().get(a);
        } else if (array instanceof int[] a) {
            buffer.asIntBuffer().get(a);
        } else if (array instanceof long[] a) {
            buffer.asLongBuffer().get(a);
        } else if (array instanceof float[] a) {
            buffer.asFloatBuffer().get(a);
        } else {
            buffer.asDoubleBuffer().get((double[]) array);
        }
        return array;
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
