package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values most messages are — {@code null}, boxed primitives, strings, arrays of primitives,
 * the JDK's value classes (big numbers, UUIDs, instants, dates and times), the JDK's common
 * collections of these and, where the serializer allows them, records and enum constants —
 * encoded directly, in front of every serializer: a fresh JVM that only sends and
 * receives such values never builds its serializer. Building
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
 *                                                          value above or an item below
 *
 *   +------+----------+-----------+------+------+----
 *   | 0x7D | kind (1) | count (4) | item | item | ...       a container: an ArrayList, a HashMap,
 *   +------+----------+-----------+------+------+----       List.of(..), a String[], ... (KIND_*);
 *                                                           a map's count is its entries, each
 *                                                           key then value; an item is a value
 *                                                           above or a container or record,
 *                                                           nested at most 16 deep
 *
 *   +------+----------+------------+----------------+
 *   | 0x7E | kind (1) | length (4) | elements       |    an array of a primitive type,
 *   +------+----------+------------+----------------+    elements big-endian
 *
 *   +------+----+----------------+------------+------+----
 *   | 0x7D | 13 | components (4) | class name | item | ...  a record (when the serializer
 *   +------+----+----------------+------------+------+----  allows it): its class's binary name
 *                                                           a string value, or null for the
 *                                                           class of the record written before
 *                                                           it in the same message; its
 *                                                           components as items
 *
 *   +------+----+---+-----------+---------------+
 *   | 0x7D | 14 | 0 | enum name | constant name |     an enum constant (when the serializer
 *   +------+----+---+-----------+---------------+     allows it): the enum's binary name a
 *                                                      string value, or null for the enum of
 *                                                      the constant written before it in the
 *                                                      message; then the constant's name
 *
 *   +------+-----------+-----------+---------+
 *   | 0x7D | kind (1)  | count (4) | payload |            a value of the JDK's value classes
 *   +------+-----------+-----------+---------+            (kinds 15-22): BigInteger,
 *                                                          BigDecimal, UUID, Instant, Duration,
 *                                                          LocalDate, LocalTime, LocalDateTime
 * </pre>
 *
 * A container comes back of its own class (an {@code ArrayList} as one, {@code List.of(..)} as
 * an unmodifiable list of the same class), in its order. Other collection classes (sub-lists,
 * unmodifiable views, a sorted collection with a comparator, a subclass) leave the whole message
 * to the serializer, as does one that holds a container twice (a list in two places, a list in
 * itself), whose sharing the serializer keeps; a record of simple values is a value, as a boxed
 * number is: given twice, it arrives as two equal records. A {@code LinkedHashMap} comes back in
 * insertion order: one made with access order (an LRU map not written as a subclass) loses it,
 * as it does through Fory (JDK streams kept it; nothing public tells the two apart). Strings in
 * arrays and containers are at most 4096 chars; longer ones leave the whole message to the
 * serializer (whose strings are as good).
 *
 * <p>Records and enum constants: a serializer built on Fory writes a record whose components are
 * all simple, and an enum constant, this way (a strict one, of a network channel, only those of
 * classes its allow-list names, checked by name before the class is loaded on the reading side);
 * JDK serialisation leaves them to its object streams, which require {@code Serializable}. The
 * components are read from the record's fields and the record is made again through its
 * canonical constructor, and a constant is found by its name, as both Fory and JDK serialisation
 * do ({@link RecordCodec}). Measured (2026-12-07, 2-core VM): a cold
 * {@code Pool(1)}'s first {@code apply} of a task returning a record of an int and a string took
 * 831-833 ms with Fory (the worker built it, then the parent, with its code generation), 174-189
 * ms this way, and the {@code map} of 1 000 such tasks after it 183-220 ms against 37-48; a warm
 * {@code Pool(2)} mapping 200 000 of them, twelve maps in a row, reached 5-6.7 M records/s this
 * way and 7-9.5 M/s with Fory once its generated code runs (from about the sixth map on; the
 * first five within each other's noise).
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
    /** An enum constant: its enum's binary name (a string value), then the constant's name; its count is 0. */
    private static final byte KIND_ENUM = 14;
    // The JDK's value classes most records hold (numbers, money, times, ids): a payload after the
    // count, whose meaning each kind gives (see valuePart and readJdkValue).
    private static final byte KIND_BIG_INTEGER = 15;
    private static final byte KIND_BIG_DECIMAL = 16;
    private static final byte KIND_UUID = 17;
    private static final byte KIND_INSTANT = 18;
    private static final byte KIND_DURATION = 19;
    private static final byte KIND_LOCAL_DATE = 20;
    private static final byte KIND_LOCAL_TIME = 21;
    private static final byte KIND_LOCAL_DATE_TIME = 22;

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
     * As {@link #encode(Object, int, Function)}, writing records and enum constants whose class
     * {@code named} accepts (by binary name) as simple values too; null writes none.
     */
    public static byte[] encode(Object value, int room, Function<Object, byte[]> format, Predicate<String> named) {
        byte[] simple = encodeSimple(value, room, named);
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
     * As {@link #decode(byte[], int, Function)}, reading records and enum constants whose class
     * {@code named} accepts (by binary name, before the class is loaded); null refuses them all.
     */
    public static Object decode(byte[] bytes, int offset, Function<byte[], Object> format, Predicate<String> named) {
        if (offset > bytes.length) {
            throw corrupt("a message of " + bytes.length + " bytes ends inside its " + offset + "-byte header");
        }
        if (bytes.length == offset || !isReserved(bytes[offset])) {
            return format.apply(offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, bytes.length));
        }
        if (bytes[offset] == ESCAPE) {
            return format.apply(Arrays.copyOfRange(bytes, offset + 1, bytes.length));
        }
        return decodeSimple(bytes, offset, named);
    }

    private static boolean isReserved(byte b) {
        return (b & 0xF0) == 0x70;
    }

    /** The direct encoding of a simple value, or null if {@code value} is not one. */
    static byte[] encodeSimple(Object value) {
        return encodeSimple(value, 0, null);
    }

    /** As {@link #encodeSimple(Object)}, records and enum constants of the classes {@code named} accepts included. */
    static byte[] encodeSimple(Object value, Predicate<String> named) {
        return encodeSimple(value, 0, named);
    }

    /*
     * Plain instanceof tests rather than a pattern switch, and bytes written by hand rather than
     * through a ByteBuffer: this runs for every message, first in the interpreter of a fresh
     * child, where a type switch costs its bootstrap (~12 ms) and four times the tests, and each
     * ByteBuffer.putInt some ten interpreted calls (both measured).
     */
    private static byte[] encodeSimple(Object value, int room, Predicate<String> named) {
        if (value != null && value.getClass() == Object[].class) {
            return encodeArray((Object[]) value, room, named);
        }
        long size = size(value, Integer.MAX_VALUE);
        Object part = null;
        if (size < 0) {
            part = part(value, new Encoding(named), 0);
            if (part == null) {
                return null;
            }
            size = partSize(part);
        }
        if (size > MAX_ENCODING - room) {
            return null;
        }
        byte[] b = new byte[room + (int) size];
        if (part != null) {
            putPart(b, room, part);
        } else {
            put(b, room, value);
        }
        return b;
    }

    /**
     * An {@code Object[]} whose elements are all simple values or containers of them (strings up
     * to 4096 chars, no container twice), else null.
     */
    private static byte[] encodeArray(Object[] values, int room, Predicate<String> named) {
        long size = 5;
        Object[] parts = null; // the taken-apart containers, at their elements' indexes
        Encoding encoding = null;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            long n = size(v, MAX_STRING_IN_ARRAY);
            if (n < 0) {
                if (encoding == null) {
                    encoding = new Encoding(named);
                    parts = new Object[values.length];
                }
                Object part = part(v, encoding, 0);
                if (part == null) {
                    return null;
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

    /** How deep containers and records may nest in a simple value; a deeper one goes to the serializer. */
    private static final int MAX_DEPTH = 16;

    /** What taking one message apart keeps: the containers met, and the class of the last record. */
    private static final class Encoding {
        private final Predicate<String> named;
        private IdentityHashMap<Object, Boolean> seen; // made for the first container
        private Class<?> lastRecord;                   // in writing order
        private Class<?> lastEnum;                     // in writing order

        Encoding(Predicate<String> named) {
            this.named = named;
        }

        /** Whether this message has not met {@code container} before; remembers it. */
        boolean first(Object container) {
            if (seen == null) {
                seen = new IdentityHashMap<>();
            }
            return seen.put(container, Boolean.TRUE) == null;
        }
    }

    /**
     * A container taken apart: its kind, its elements (a snapshot, each a simple value or the
     * part of a container in it), and the bytes it takes.
     */
    private record Container(byte kind, Object[] elements, long size) {}

    /**
     * A record taken apart: its class, its components (each a simple value or the part of a
     * container in it), the bytes it takes, and whether the record written before it in the
     * same message is of its class (then a null stands for the name).
     */
    private record RecordPart(Class<?> type, Object[] components, long size, boolean sameClass) {}

    /**
     * An enum constant ready to write: its enum, its name, the bytes it takes, and whether the
     * constant written before it in the same message is of its enum (then a null stands for the
     * enum's name). A constant travels by name, as in JDK serialisation.
     */
    private record EnumPart(Class<?> type, String name, long size, boolean sameClass) {}

    /** A value of one of the JDK's value classes, ready to write: its kind, its count field and its payload. */
    private record ValuePart(byte kind, int count, byte[] payload) {}

    /**
     * {@code v} ready to write: a {@link Container}, an array of a primitive type (the array
     * itself) or, if the message's serializer accepts its class, a {@link RecordPart}; or null
     * if it is none of these, holds something else, nests deeper than {@link #MAX_DEPTH}, or
     * holds a container the message has met before (one list twice, a list in itself): the
     * serializer keeps that sharing. A record of simple values is a value, as a boxed number is
     * (given twice, it arrives as two equal records), so records are not tracked themselves.
     */
    private static Object part(Object v, Encoding encoding, int depth) {
        if (v == null || depth >= MAX_DEPTH) {
            return null;
        }
        Class<?> c = v.getClass();
        byte kind;
        Object[] elements;
        if (c.isArray()) {
            if (c.getComponentType().isPrimitive()) {
                return encoding.first(v) ? v : null;
            } else if (c != String[].class) {
                return null;
            }
            kind = KIND_STRINGS;
            elements = ((String[]) v).clone();
        } else if (c == ArrayList.class) {
            kind = KIND_ARRAY_LIST;
            elements = ((ArrayList<?>) v).toArray();
        } else if (c == HashMap.class) {
            kind = KIND_HASH_MAP;
            elements = entries((Map<?, ?>) v);
        } else if (c == LIST_12 || c == LIST_N) {
            // List.of's lists refuse nulls, even in contains(null); Stream.toList()'s (of class
            // ListN) take them, and List.copyOf returns only the first kind unchanged
            elements = ((List<?>) v).toArray();
            kind = !hasNull(elements) && List.copyOf((List<?>) v) == v ? KIND_LIST_OF : KIND_STREAM_LIST;
        } else if (c == LinkedHashMap.class) {
            kind = KIND_LINKED_HASH_MAP;
            elements = entries((Map<?, ?>) v);
        } else if (c == HashSet.class) {
            kind = KIND_HASH_SET;
            elements = ((HashSet<?>) v).toArray();
        } else if (c == LinkedHashSet.class) {
            kind = KIND_LINKED_HASH_SET;
            elements = ((LinkedHashSet<?>) v).toArray();
        } else if (c == MAP_1 || c == MAP_N) {
            kind = KIND_MAP_OF;
            elements = entries((Map<?, ?>) v);
        } else if (c == SET_12 || c == SET_N) {
            kind = KIND_SET_OF;
            elements = ((Set<?>) v).toArray();
        } else if (c == TreeMap.class && ((SortedMap<?, ?>) v).comparator() == null) {
            kind = KIND_TREE_MAP;
            elements = entries((Map<?, ?>) v);
        } else if (c == TreeSet.class && ((SortedSet<?>) v).comparator() == null) {
            kind = KIND_TREE_SET;
            elements = ((TreeSet<?>) v).toArray();
        } else if (c == LinkedList.class) {
            kind = KIND_LINKED_LIST;
            elements = ((LinkedList<?>) v).toArray();
        } else if (c == BigDecimal.class || c == BigInteger.class || c == UUID.class || c == Instant.class || c == Duration.class
                || c == LocalDate.class || c == LocalTime.class || c == LocalDateTime.class) {
            return valuePart(v); // immutable values: not tracked, as boxed numbers are not
        } else if (encoding.named != null && c.isRecord() && encoding.named.test(c.getName())) {
            return recordPart((Record) v, encoding, depth);
        } else if (encoding.named != null && v instanceof Enum<?> e && encoding.named.test(e.getDeclaringClass().getName())) {
            return enumPart(e, encoding);
        } else {
            return null;
        }
        if (!encoding.first(v)) {
            return null;
        }
        long size = 6 + items(elements, encoding, depth);
        return size < 6 ? null : new Container(kind, elements, size);
    }

    /**
     * A value of the JDK's value classes: a BigInteger as its two's-complement bytes (count: their
     * length), a BigDecimal as its scale (count) and its unscaled value's length (4) and bytes,
     * a UUID as its two longs, an Instant and a Duration as seconds (8) and nanoseconds (count), a
     * LocalDate as its epoch day (8), a LocalTime as its nanosecond of the day (8), a
     * LocalDateTime as both (16).
     */
    private static ValuePart valuePart(Object v) {
        if (v instanceof BigInteger x) {
            byte[] bytes = x.toByteArray();
            return new ValuePart(KIND_BIG_INTEGER, bytes.length, bytes);
        } else if (v instanceof BigDecimal x) {
            byte[] unscaled = x.unscaledValue().toByteArray();
            byte[] payload = new byte[4 + unscaled.length];
            Bytes.putInt(payload, 0, unscaled.length);
            System.arraycopy(unscaled, 0, payload, 4, unscaled.length);
            return new ValuePart(KIND_BIG_DECIMAL, x.scale(), payload);
        } else if (v instanceof UUID x) {
            return new ValuePart(KIND_UUID, 0, longs(x.getMostSignificantBits(), x.getLeastSignificantBits()));
        } else if (v instanceof Instant x) {
            return new ValuePart(KIND_INSTANT, x.getNano(), longs(x.getEpochSecond()));
        } else if (v instanceof Duration x) {
            return new ValuePart(KIND_DURATION, x.getNano(), longs(x.getSeconds()));
        } else if (v instanceof LocalDate x) {
            return new ValuePart(KIND_LOCAL_DATE, 0, longs(x.toEpochDay()));
        } else if (v instanceof LocalTime x) {
            return new ValuePart(KIND_LOCAL_TIME, 0, longs(x.toNanoOfDay()));
        }
        var x = (LocalDateTime) v;
        return new ValuePart(KIND_LOCAL_DATE_TIME, 0, longs(x.toLocalDate().toEpochDay(), x.toLocalTime().toNanoOfDay()));
    }

    private static byte[] longs(long... values) {
        byte[] b = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            Bytes.putLong(b, 8 * i, values[i]);
        }
        return b;
    }

    private static EnumPart enumPart(Enum<?> constant, Encoding encoding) {
        Class<?> type = constant.getDeclaringClass(); // a constant with a body is of a subclass
        boolean sameClass = type == encoding.lastEnum;
        encoding.lastEnum = type;
        return new EnumPart(type, constant.name(), 6 + nameSize(type, sameClass) + size(constant.name(), Integer.MAX_VALUE), sameClass);
    }

    /** A record whose components are all simple values or containers of them, taken apart; else null. */
    private static RecordPart recordPart(Record record, Encoding encoding, int depth) {
        Object[] components = RecordCodec.components(record);
        if (components == null) {
            return null;
        }
        Class<?> type = record.getClass();
        boolean sameClass = type == encoding.lastRecord;
        encoding.lastRecord = type; // before its components, in the order they are written and read
        long size = items(components, encoding, depth);
        return size < 0 ? null : new RecordPart(type, components, 6 + nameSize(type, sameClass) + size, sameClass);
    }

    /** The bytes a record's or an enum's class name takes: a null (one byte) where it is the one named before it. */
    private static long nameSize(Class<?> type, boolean sameClass) {
        return sameClass ? 1 : size(type.getName(), Integer.MAX_VALUE);
    }

    /**
     * The bytes of {@code items} (a snapshot of a container's elements or a record's components),
     * each replaced by its part where it is a container; -1 if one is not simple.
     */
    private static long items(Object[] items, Encoding encoding, int depth) {
        long size = 0;
        for (int i = 0; i < items.length; i++) {
            long n = size(items[i], MAX_STRING_IN_ARRAY);
            if (n < 0) {
                Object part = part(items[i], encoding, depth + 1);
                if (part == null) {
                    return -1;
                }
                items[i] = part;
                n = partSize(part);
            }
            size += n;
        }
        return size;
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
        } else if (part instanceof EnumPart e) {
            return e.size();
        } else if (part instanceof ValuePart x) {
            return 6L + x.payload().length;
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

    /** Writes an element of a container or a component of a record: a simple value, or a part. */
    private static int putItem(byte[] b, int p, Object item) {
        return item instanceof Container || item instanceof RecordPart || item instanceof EnumPart || item instanceof ValuePart
                || item != null && item.getClass().isArray()
                ? putPart(b, p, item) : put(b, p, item);
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
                p = putItem(b, p, v);
            }
            return p;
        } else if (part instanceof RecordPart r) {
            b[p] = CONTAINER;
            b[p + 1] = KIND_RECORD;
            Bytes.putInt(b, p + 2, r.components().length);
            p = put(b, p + 6, r.sameClass() ? null : r.type().getName());
            for (Object v : r.components()) {
                p = putItem(b, p, v);
            }
            return p;
        } else if (part instanceof ValuePart x) {
            b[p] = CONTAINER;
            b[p + 1] = x.kind();
            Bytes.putInt(b, p + 2, x.count());
            System.arraycopy(x.payload(), 0, b, p + 6, x.payload().length);
            return p + 6 + x.payload().length;
        } else if (part instanceof EnumPart e) {
            b[p] = CONTAINER;
            b[p + 1] = KIND_ENUM;
            Bytes.putInt(b, p + 2, 0);
            p = put(b, p + 6, e.sameClass() ? null : e.type().getName());
            return put(b, p, e.name());
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

    private static Object decodeSimple(byte[] bytes, int offset, Predicate<String> named) {
        var r = new Reader(bytes, offset);
        byte tag = bytes[r.take(1)];
        Object value;
        if (tag == OBJECTS) {
            int count = Bytes.getInt(bytes, r.take(4));
            if (count < 0 || count > r.remaining()) {
                throw corrupt("an array of " + count + " values in " + r.remaining() + " bytes");
            }
            Object[] values = new Object[count];
            var decoding = new Decoding(named);
            for (int i = 0; i < count; i++) {
                values[i] = readItem(bytes[r.take(1)], r, decoding, 0);
            }
            value = values;
        } else if (tag == CONTAINER) {
            value = readContainer(r, new Decoding(named), 0);
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

    /** What reading one message keeps: the records it takes, and the class of the last record read. */
    private static final class Decoding {
        private final Predicate<String> named;
        private Class<?> lastRecord;
        private Class<?> lastEnum;

        Decoding(Predicate<String> named) {
            this.named = named;
        }
    }

    /** Reads an element of an array or a container, or a component of a record, after its tag. */
    private static Object readItem(byte tag, Reader r, Decoding decoding, int depth) {
        return tag == CONTAINER ? readContainer(r, decoding, depth) : tag == PRIMITIVES ? readPrimitives(r) : readValue(tag, r);
    }

    /** Reads a container after its tag: its kind, count and elements; a record if the message takes its class. */
    private static Object readContainer(Reader r, Decoding decoding, int depth) {
        if (depth >= MAX_DEPTH) {
            throw corrupt("containers nested deeper than " + MAX_DEPTH);
        }
        byte[] b = r.b;
        byte kind = b[r.take(1)];
        int count = Bytes.getInt(b, r.take(4));
        if (kind == KIND_RECORD) {
            return readRecord(r, count, decoding, depth);
        } else if (kind == KIND_ENUM) {
            return readEnum(r, count, decoding);
        } else if (kind >= KIND_BIG_INTEGER && kind <= KIND_LOCAL_DATE_TIME) {
            return readJdkValue(r, kind, count);
        }
        boolean map = kind >= KIND_HASH_MAP && kind <= KIND_MAP_OF;
        if (count < 0 || (map ? 2L : 1L) * count > r.remaining()) {
            throw corrupt("a container of " + count + (map ? " entries" : " values") + " in " + r.remaining() + " bytes");
        }
        Object[] e = new Object[map ? 2 * count : count];
        for (int i = 0; i < e.length; i++) {
            e[i] = readItem(b[r.take(1)], r, decoding, depth + 1);
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

    /** Reads a record after its count: its class's name (null: the last record's class), then its components. */
    private static Object readRecord(Reader r, int count, Decoding decoding, int depth) {
        if (decoding.named == null) {
            throw corrupt("a record where this channel takes none");
        }
        if (count < 0 || count > r.remaining()) {
            throw corrupt("a record of " + count + " components in " + r.remaining() + " bytes");
        }
        byte[] b = r.b;
        Class<?> type = readClassName(r, decoding.lastRecord, decoding.named, RecordCodec::type, "a record's class");
        decoding.lastRecord = type; // before its components, as they were written
        Object[] components = new Object[count];
        for (int i = 0; i < count; i++) {
            components[i] = readItem(b[r.take(1)], r, decoding, depth + 1);
        }
        return RecordCodec.create(type, components);
    }

    /**
     * Reads the class name of a record or an enum constant: a string, resolved and checked by
     * {@code resolve}, or a null for {@code last}, the class of the same sort named before it in
     * the message (checked when that one was read).
     */
    private static Class<?> readClassName(Reader r, Class<?> last, Predicate<String> named,
                                          java.util.function.BiFunction<String, Predicate<String>, Class<?>> resolve, String what) {
        byte tag = r.b[r.take(1)];
        if (tag == NULL && last != null) {
            return last;
        } else if (tag == LATIN1 || tag == UTF16) {
            return resolve.apply((String) readValue(tag, r), named);
        }
        throw corrupt(what + "'s name with tag 0x" + Integer.toHexString(tag & 0xFF));
    }

    /** Reads a value of the JDK's value classes after its kind and count (see {@link #valuePart}). */
    private static Object readJdkValue(Reader r, byte kind, int count) {
        byte[] b = r.b;
        try {
            return switch (kind) {
                case KIND_BIG_INTEGER -> {
                    if (count <= 0 || count > r.remaining()) {
                        throw corrupt("a BigInteger of " + count + " bytes in " + r.remaining());
                    }
                    yield new BigInteger(b, r.take(count), count);
                }
                case KIND_BIG_DECIMAL -> {
                    int length = Bytes.getInt(b, r.take(4));
                    if (length <= 0 || length > r.remaining()) {
                        throw corrupt("a BigDecimal of " + length + " bytes in " + r.remaining());
                    }
                    yield new BigDecimal(new BigInteger(b, r.take(length), length), count);
                }
                case KIND_UUID -> new UUID(Bytes.getLong(b, r.take(8)), Bytes.getLong(b, r.take(8)));
                case KIND_INSTANT -> Instant.ofEpochSecond(Bytes.getLong(b, r.take(8)), nanos(count));
                case KIND_DURATION -> Duration.ofSeconds(Bytes.getLong(b, r.take(8)), nanos(count));
                case KIND_LOCAL_DATE -> LocalDate.ofEpochDay(Bytes.getLong(b, r.take(8)));
                case KIND_LOCAL_TIME -> LocalTime.ofNanoOfDay(Bytes.getLong(b, r.take(8)));
                default -> LocalDateTime.of(LocalDate.ofEpochDay(Bytes.getLong(b, r.take(8))),
                        LocalTime.ofNanoOfDay(Bytes.getLong(b, r.take(8))));
            };
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw corrupt("a value of kind " + kind + " out of its range (" + e.getMessage() + ")");
        }
    }

    private static int nanos(int count) {
        if (count < 0 || count > 999_999_999) {
            throw corrupt("a nanosecond field of " + count);
        }
        return count;
    }

    /** Reads an enum constant after its count (0): its enum's name (null: the last enum's), then its own. */
    private static Object readEnum(Reader r, int count, Decoding decoding) {
        if (decoding.named == null) {
            throw corrupt("an enum constant where this channel takes none");
        }
        if (count != 0) {
            throw corrupt("an enum constant with a count of " + count);
        }
        byte[] b = r.b;
        Class<?> type = readClassName(r, decoding.lastEnum, decoding.named, RecordCodec::enumType, "an enum constant's enum");
        decoding.lastEnum = type;
        byte nameTag = b[r.take(1)];
        if (nameTag != LATIN1 && nameTag != UTF16) {
            throw corrupt("an enum constant whose name has tag 0x" + Integer.toHexString(nameTag & 0xFF));
        }
        return RecordCodec.constant(type, (String) readValue(nameTag, r));
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
