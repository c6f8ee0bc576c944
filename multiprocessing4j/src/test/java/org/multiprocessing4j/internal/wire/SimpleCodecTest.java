package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.SerializationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simple values bypass the serializer, come back equal and of the same class, and never confuse the decoder. */
class SimpleCodecTest {

    static final List<Object> SIMPLE = List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, 42L,
            -0.0d, Double.NaN, Double.MAX_VALUE, 1.5f, Float.NEGATIVE_INFINITY, (short) -7, (byte) 0x7F, 'x', '\uD800',
            true, false, "", "plain ascii", "Latin-1: déjà vu ÿ", "beyond Latin-1: Ωμέγα 😀", "unpaired \uDC00 surrogate",
            "x".repeat(100_000));

    @Test
    void simpleValuesRoundTripInBothSerializersWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            for (Object v : SIMPLE) {
                Object back = s.decode(s.encode(v));
                assertEquals(v, back, s.name());
                assertEquals(v.getClass(), back.getClass(), s.name() + " " + v);
            }
            assertEquals(null, s.decode(s.encode(null)));
        }
        assertFalse(fory.built(), "simple values alone never build Fory");
        var list = new ArrayList<>(List.of(java.util.Locale.CANADA, "two")); // a class of its own
        assertEquals(list, fory.decode(fory.encode(list)));
        assertTrue(fory.built());
    }

    @Test
    void arraysOfSimpleValuesRoundTripWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        Object[] values = {null, 0, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN, 2.5f, (short) 3, (byte) -4, 'c',
                true, false, "", "héllo ✓", "Ωμέγα 😀 \uDC00", "x".repeat(4096)};
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            Object back = s.decode(s.encode(values));
            assertEquals(Object[].class, back.getClass(), s.name());
            assertArrayEquals(values, (Object[]) back, s.name());
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i] == null ? null : values[i].getClass(),
                        ((Object[]) back)[i] == null ? null : ((Object[]) back)[i].getClass(), s.name() + " element " + i);
            }
            assertArrayEquals(new Object[0], (Object[]) s.decode(s.encode(new Object[0])), s.name());
        }
        assertFalse(fory.built(), "arrays of simple values alone never build Fory");
    }

    @Test
    void arraysWithOtherValuesAreLeftToTheSerializer() {
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {1, List.of(java.util.Locale.CANADA)}));
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {"x".repeat(4097)}));
        assertEquals(null, SimpleCodec.encodeSimple(new Object[] {new Object[] {1}}));
        assertEquals(null, SimpleCodec.encodeSimple(new Integer[] {1}));
        var fory = new ForySerializer(false);
        Object[] mixed = {1, List.of(java.util.Locale.FRANCE), "three"};
        assertArrayEquals(mixed, (Object[]) fory.decode(fory.encode(mixed)));
        Integer[] typed = {1, 2};
        assertArrayEquals(typed, (Integer[]) fory.decode(fory.encode(typed)));
    }

    /** The containers SimpleCodec writes itself: each JDK class it knows, empty and not, nulls where the class takes them. */
    static List<Object> containers() {
        var hashMap = new HashMap<Object, Object>();
        hashMap.put(null, "null key");
        hashMap.put("null value", null);
        hashMap.put(3, 4.5);
        var linkedMap = new LinkedHashMap<Object, Object>();
        for (int i = 20; i > 0; i--) {
            linkedMap.put("k" + i, i % 3 == 0 ? null : (long) i);
        }
        var linkedSet = new LinkedHashSet<Object>(List.of("z", "a", "m", 5, 'c'));
        var hashSet = new HashSet<Object>(Arrays.asList(null, 1, "one", 1.0));
        var treeMap = new TreeMap<String, Object>(Map.of("b", 2, "a", 1, "c", "three"));
        var treeSet = new TreeSet<Integer>(List.of(5, -1, 3));
        var linkedList = new LinkedList<Object>(Arrays.asList(1, null, "x"));
        var arrayList = new ArrayList<Object>(Arrays.asList(null, 0, Long.MIN_VALUE, -0.0d, 2.5f, (short) 3, (byte) -4, 'c',
                true, "héllo ✓", "Ωμέγα 😀 \uDC00", "x".repeat(4096)));
        return List.of(arrayList, new ArrayList<>(), linkedList, List.of(), List.of(1), List.of(1, "two"), List.of(1, 2, 3, 4),
                Stream.of("a", "b", "c").toList(), Stream.of(1).toList(), Stream.of().toList(), Stream.of(1, null).toList(), hashSet, new HashSet<>(), linkedSet, treeSet, Set.of(), Set.of("one"),
                Set.of(1, 2, 3, 4), hashMap, new HashMap<>(), linkedMap, treeMap, Map.of(), Map.of("k", 1),
                Map.of(1, "a", 2, "b", 3, "c"), new String[] {"a", null, "ß"}, new String[0],
                new boolean[] {true, false, true}, new byte[] {0x70, -1, 0}, new short[] {Short.MIN_VALUE, 7},
                new char[] {'x', '\uD800', 'Ω'}, new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE},
                new long[] {Long.MIN_VALUE, 42, Long.MAX_VALUE}, new float[] {1.5f, Float.NaN, -0.0f},
                new double[] {Double.MAX_VALUE, Double.NaN, -0.0}, new int[0], new double[100_000]);
    }

    /** Equal, of the same class, in the same order where the class has one. */
    static void assertSameContainer(Object expected, Object actual, String what) {
        assertNotNull(actual, what);
        assertEquals(expected.getClass(), actual.getClass(), what);
        if (expected.getClass().isArray()) {
            assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}), what + ": " + actual);
            return;
        }
        assertEquals(expected, actual, what);
        if (expected instanceof LinkedHashMap<?, ?> || expected instanceof TreeMap<?, ?>) {
            assertEquals(List.copyOf(((Map<?, ?>) expected).keySet()), List.copyOf(((Map<?, ?>) actual).keySet()), what + ": order");
        } else if (expected instanceof LinkedHashSet<?> || expected instanceof TreeSet<?>) {
            assertEquals(List.copyOf((Set<?>) expected), List.copyOf((Set<?>) actual), what + ": order");
        }
    }

    @Test
    void containersOfSimpleValuesRoundTripOfTheirOwnClassWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            for (Object v : containers()) {
                byte[] encoded = s.encode(v);
                assertTrue(encoded[0] == 0x7D || encoded[0] == 0x7E, s.name() + " encodes " + v.getClass() + " itself");
                assertSameContainer(v, s.decode(encoded), s.name() + " " + v.getClass().getName());
            }
            // and as the elements of an Object[] (a pool chunk's items or results, a manager call's arguments)
            Object[] values = containers().toArray();
            Object[] back = (Object[]) s.decode(s.encode(values));
            for (int i = 0; i < values.length; i++) {
                assertSameContainer(values[i], back[i], s.name() + " element " + i);
            }
        }
        assertFalse(fory.built(), "containers of simple values alone never build Fory");
        // List.of's lists refuse a null even in a query, Stream.toList()'s take them: each stays as it was
        var s = new JdkSerializer();
        assertThrows(NullPointerException.class, () -> ((List<?>) s.decode(s.encode(List.of(1, 2, 3)))).contains(null));
        assertThrows(NullPointerException.class, () -> ((List<?>) s.decode(s.encode(List.of(1)))).contains(null));
        assertFalse(((List<?>) s.decode(s.encode(Stream.of(1).toList()))).contains(null));
        assertTrue(((List<?>) s.decode(s.encode(Stream.of(1, null).toList()))).contains(null));
    }

    @Test
    void containersTheCodecDoesNotKnowOrWhoseSharingCountsAreLeftToTheSerializer() {
        var shared = new ArrayList<>(List.of(1));
        var byLength = new TreeSet<String>(Comparator.reverseOrder()); // a comparator of its own
        byLength.addAll(List.of("a", "b"));
        var cyclic = new ArrayList<Object>();
        cyclic.add(cyclic);
        Object deep = 1;
        for (int i = 0; i < 17; i++) {
            deep = new ArrayList<>(List.of(deep));
        }
        for (Object v : List.of(List.of(List.of(java.util.Locale.CANADA)), new ArrayList<Object>() {},
                byLength, Collections.unmodifiableList(new ArrayList<>(List.of(1))), List.of(1, 2, 3).subList(0, 2),
                Arrays.asList(1, 2), new ArrayList<>(List.of("x".repeat(4097))), Map.of("nested", List.of(shared, shared)),
                new Object[] {shared, shared}, new Object[] {shared, List.of(shared)}, cyclic, deep, new Integer[] {1},
                new String[][] {{"a"}})) {
            assertNull(SimpleCodec.encodeSimple(v), v.getClass().getName() + " " + v);
        }
        Object fifteen = 1; // 16 levels of containers: the deepest written
        for (int i = 0; i < 16; i++) {
            fifteen = new ArrayList<>(List.of(fifteen));
        }
        assertNotNull(SimpleCodec.encodeSimple(fifteen));
        var fory = new ForySerializer(false);
        Object[] twice = (Object[]) fory.decode(fory.encode(new Object[] {shared, shared}));
        assertSame(twice[0], twice[1], "the serializer keeps one list given twice as one");
        var inItself = (List<?>) fory.decode(fory.encode(cyclic));
        assertSame(inItself, inItself.get(0), "and a list in itself");
        var stillSorted = fory.decode(fory.encode(byLength));
        assertEquals(List.of("b", "a"), List.copyOf((Set<?>) stillSorted));
    }

    /** Seventeen lists, each holding the next: one level more than an encoder writes. */
    private static byte[] tooDeep() {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 16; i++) {
            out.writeBytes(new byte[] {0x7D, 0, 0, 0, 0, 1});
        }
        out.writeBytes(new byte[] {0x7D, 0, 0, 0, 0, 0});
        return out.toByteArray();
    }

    @Test
    void nestedContainersAndRecordsRoundTripOfTheirOwnClassesWithoutBuildingFory() {
        var groups = new java.util.TreeMap<String, List<String>>(Map.of("a", List.of("ant", "ape"), "b", List.of("bee")));
        var byLength = new HashMap<Integer, Set<String>>(Map.of(3, new HashSet<>(Set.of("ant", "bee")), 4, Set.of("wasp")));
        var rows = new ArrayList<>(List.of(new int[] {1, 2}, new int[] {3}));
        var points = List.of(new Point(1, 2), new Point(3, 4), new Point(5, 6));
        var line = new Line(new Point(0, 0), new Point(1, 1), List.of(new Point(2, 2)));
        var fory = new ForySerializer(false);
        for (Object v : List.of(groups, byLength, List.of(List.of(1, 2), List.of(), List.of(3)), points, line, new Nested(new Point(1, 2)),
                Map.of("origin", new Point(0, 0)), new ArrayList<>(List.of(Map.of("k", List.of(Set.of(1)))))))  {
            byte[] encoded = fory.encode(v);
            assertEquals(0x7D, encoded[0], "written by SimpleCodec: " + v);
            Object back = fory.decode(encoded);
            assertEquals(v.getClass(), back.getClass());
            assertEquals(v, back);
        }
        var backRows = (ArrayList<?>) fory.decode(fory.encode(rows));
        assertArrayEquals(rows.get(0), (int[]) backRows.get(0));
        assertArrayEquals(rows.get(1), (int[]) backRows.get(1));
        Object[] chunk = {line, points, new Point(7, 8), groups};
        assertArrayEquals(chunk, (Object[]) fory.decode(fory.encode(chunk)));
        assertFalse(fory.built(), "nested collections and records of simple values never build Fory");
        // inner collections keep their classes too
        @SuppressWarnings("unchecked")
        var backGroups = (java.util.TreeMap<String, List<String>>) fory.decode(fory.encode(groups));
        assertEquals(List.of("ant", "ape").getClass(), backGroups.get("a").getClass());
        @SuppressWarnings("unchecked")
        var backByLength = (HashMap<Integer, Set<String>>) fory.decode(fory.encode(byLength));
        assertEquals(HashSet.class, backByLength.get(3).getClass());
        assertEquals(Set.of("wasp").getClass(), backByLength.get(4).getClass());
    }

    record Line(Point from, Point to, List<Point> via) {}

    @Test
    void corruptContainersAreRefusedClearly() {
        byte[] list = SimpleCodec.encodeSimple(new ArrayList<>(List.of(1, 2)));
        byte[] huge = list.clone();
        huge[2] = 127; // the count beyond the message
        byte[] unknownKind = list.clone();
        unknownKind[1] = 99;
        byte[] listOfWithNull = SimpleCodec.encodeSimple(new ArrayList<>(Arrays.asList(1, null)));
        listOfWithNull[1] = 2; // as if List.of held a null
        byte[] setOfTwice = SimpleCodec.encodeSimple(new ArrayList<>(List.of(1, 1)));
        setOfTwice[1] = 6; // as if Set.of held 1 twice
        byte[] treeOfMixed = SimpleCodec.encodeSimple(new ArrayList<>(List.of(1, "a")));
        treeOfMixed[1] = 5; // a TreeSet of an Integer and a String
        byte[] stringsWithInt = SimpleCodec.encodeSimple(new ArrayList<>(List.of("a", 1)));
        stringsWithInt[1] = 11;
        byte[] ints = SimpleCodec.encodeSimple(new int[] {1, 2, 3});
        byte[] longInts = ints.clone();
        longInts[5] = 4; // four ints in the bytes of three
        byte[] unknownPrimitive = ints.clone();
        unknownPrimitive[1] = 8;
        for (byte[] bad : List.of(huge, unknownKind, listOfWithNull, setOfTwice, treeOfMixed, stringsWithInt, longInts,
                unknownPrimitive, Arrays.copyOf(list, list.length - 1), Arrays.copyOf(ints, ints.length + 1),
                tooDeep())) {
            var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(bad, bytes -> "not simple"));
            assertTrue(e.getMessage().contains("corrupt simple value"), e.getMessage());
        }
    }

    record Point(int x, double y) {}

    record Named(String name, List<Integer> values, int[] raw, Map<String, Long> counts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Named n && name.equals(n.name) && values.equals(n.values) && Arrays.equals(raw, n.raw)
                    && counts.equals(n.counts);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    private record Hidden(long id, String note) {}

    record Empty() {}

    record Generic<T>(T value) {}

    record Checked(int n) {
        Checked {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative: " + n);
            }
        }
    }

    /** An accessor written by hand: the field travels, as in JDK serialisation. */
    record Masked(String secret) {
        @Override
        public String secret() {
            return "***";
        }
    }

    record Nested(Point p) {}

    record Twice(List<Integer> a, List<Integer> b) {}

    record SerialPoint(int x) implements java.io.Serializable {}

    private static final java.util.function.Predicate<String> ANY = name -> true;

    static List<Record> records() {
        var counts = new LinkedHashMap<String, Long>();
        counts.put("z", 1L);
        counts.put("a", null);
        return List.of(new Point(-3, 2.5), new Named("n", List.of(1, 2), new int[] {7, 8}, counts), new Hidden(Long.MAX_VALUE, null),
                new Empty(), new Generic<>("text"), new Generic<>(List.of("in", "a", "list")), new Checked(4), new Masked("s3cret"),
                new Twice(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1))));
    }

    @Test
    void recordsOfSimpleValuesRoundTripThroughForyWithoutBuildingIt() {
        var fory = new ForySerializer(false);
        for (Record r : records()) {
            byte[] encoded = fory.encode(r);
            assertEquals(0x7D, encoded[0], "written by SimpleCodec: " + r);
            Object back = fory.decode(encoded);
            assertEquals(r.getClass(), back.getClass());
            assertEquals(r, back);
        }
        Object[] values = records().toArray();
        assertArrayEquals(values, (Object[]) fory.decode(fory.encode(values)));
        // a run of records of one class names it once; another class in between names its own
        Object[] run = {new Point(1, 2), new Point(3, 4), new Hidden(5, "h"), new Point(6, 7), new Point(8, 9)};
        byte[] encoded = fory.encode(run);
        assertArrayEquals(run, (Object[]) fory.decode(encoded));
        int alone = 0;
        for (Object r : run) {
            alone += fory.encode(r).length;
        }
        int name = 5 + Point.class.getName().length(); // its tag, length and Latin-1 bytes
        assertEquals(5 + alone - 2 * name + 2, encoded.length, "the second and fifth name a null (one byte) instead");
        // a record of simple values is a value, as a boxed number is: given twice, two equal ones arrive
        var p = new Point(1, 2);
        Object[] twice = (Object[]) fory.decode(fory.encode(new Object[] {p, p}));
        assertEquals(p, twice[0]);
        assertEquals(p, twice[1]);
        assertFalse(fory.built(), "records of simple values never build Fory");
    }

    @Test
    void recordsTheCodecLeavesToTheSerializer() {
        var list = new ArrayList<>(List.of(1));
        for (Object v : List.of(new Generic<>(java.util.Locale.CANADA), new Generic<>(List.of(new StringBuilder())),
                new Twice(list, list), new Object[] {new Generic<>(list), list}, new Object[] {list, new Generic<>(list)},
                List.of(new Generic<>(new Object())))) {
            assertNull(SimpleCodec.encodeSimple(v, ANY), String.valueOf(v));
        }
        assertNull(SimpleCodec.encodeSimple(new Point(1, 2)), "no records unless the serializer allows them");
        assertNull(SimpleCodec.encodeSimple(List.of(new Point(1, 2))), "nor in a list");
        var fory = new ForySerializer(false);
        assertEquals(new Generic<>(java.util.Locale.CANADA), fory.decode(fory.encode(new Generic<>(java.util.Locale.CANADA))));
        var twice = (Twice) fory.decode(fory.encode(new Twice(list, list)));
        assertSame(twice.a(), twice.b(), "the serializer keeps one list given twice as one");
        // JDK serialisation keeps its own rules for records: Serializable, through its streams
        var jdk = new JdkSerializer();
        byte[] stream = jdk.encode(new SerialPoint(5));
        assertEquals((byte) 0xAC, stream[0]);
        assertEquals(new SerialPoint(5), jdk.decode(stream));
        assertThrows(SerializationException.class, () -> jdk.encode(new Point(1, 2)));
    }

    /** A record's bytes as SimpleCodec writes them, with another class name. */
    private static byte[] renamed(Record r, String name) {
        byte[] b = SimpleCodec.encodeSimple(r, ANY);
        String old = r.getClass().getName();
        int length = Bytes.getInt(b, 7);
        assertEquals(old.length(), length);
        byte[] out = new byte[b.length - old.length() + name.length()];
        System.arraycopy(b, 0, out, 0, 7);
        Bytes.putInt(out, 7, name.length());
        System.arraycopy(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, out, 11, name.length());
        System.arraycopy(b, 11 + old.length(), out, 11 + name.length(), b.length - 11 - old.length());
        return out;
    }

    @Test
    void recordsAreCheckedByNameAndByTheirConstructorWhenRead() {
        var strict = new ForySerializer(false, name -> !name.endsWith("Point"));
        byte[] point = SimpleCodec.encodeSimple(new Point(1, 2), ANY);
        var refused = assertThrows(SerializationException.class, () -> strict.decode(point));
        assertTrue(refused.getMessage().contains("not allowed on this channel"), refused.getMessage());
        var absent = assertThrows(SerializationException.class,
                () -> strict.decode(renamed(new Hidden(1, "x"), "com.example.AbsentRecord")));
        assertTrue(absent.getMessage().contains("not on this process's class path"), absent.getMessage());
        var refusedFirst = assertThrows(SerializationException.class,
                () -> strict.decode(renamed(new Hidden(1, "x"), "com.example.AbsentPoint")));
        assertTrue(refusedFirst.getMessage().contains("not allowed"), "checked before it is looked up: " + refusedFirst.getMessage());
        var notRecord = assertThrows(SerializationException.class,
                () -> strict.decode(renamed(new Generic<>("x"), "java.lang.StringBuilder")));
        assertTrue(notRecord.getMessage().contains("not a record class"), notRecord.getMessage());
        byte[] negative = SimpleCodec.encodeSimple(new Checked(5), ANY);
        negative[negative.length - 1] = (byte) 0xFF; // n = 0x000000FF -> make it negative
        negative[negative.length - 4] = (byte) 0x80;
        var refusedByConstructor = assertThrows(SerializationException.class, () -> strict.decode(negative));
        assertTrue(refusedByConstructor.getMessage().contains("constructor refused")
                && refusedByConstructor.getMessage().contains("must not be negative"), refusedByConstructor.getMessage());
        byte[] shortOfOne = renamed(new Point(1, 2), Hidden.class.getName()); // an int and a double for a long and a String
        var wrongTypes = assertThrows(SerializationException.class, () -> strict.decode(shortOfOne));
        assertTrue(wrongTypes.getMessage().contains("corrupt simple value"), wrongTypes.getMessage());
        byte[] components = SimpleCodec.encodeSimple(new Checked(5), ANY);
        components[5] = 2; // two components announced, one there
        assertThrows(SerializationException.class, () -> strict.decode(components));
        var none = assertThrows(SerializationException.class, () -> SimpleCodec.decode(point, bytes -> "not simple"));
        assertTrue(none.getMessage().contains("takes none"), none.getMessage());
        var jdk = assertThrows(SerializationException.class, () -> new JdkSerializer().decode(point));
        assertTrue(jdk.getMessage().contains("takes none"), jdk.getMessage());
    }

    enum Status { OPEN, CLOSED }

    /** A constant with a body is an instance of a subclass of its enum. */
    enum Op {
        ADD { @Override int apply(int a, int b) { return a + b; } },
        MUL { @Override int apply(int a, int b) { return a * b; } };

        abstract int apply(int a, int b);
    }

    record Order(String id, Status status, List<Op> ops) {}

    @Test
    void enumConstantsTravelByNameThroughForyWithoutBuildingIt() {
        var fory = new ForySerializer(false);
        var byStatus = new HashMap<Status, Integer>(Map.of(Status.OPEN, 2, Status.CLOSED, 1));
        for (Object v : List.of(Status.OPEN, Op.MUL, List.of(Status.CLOSED, Status.OPEN, Op.ADD, Status.CLOSED), byStatus,
                new Order("o1", Status.OPEN, List.of(Op.ADD, Op.MUL)))) {
            byte[] encoded = fory.encode(v);
            assertEquals(0x7D, encoded[0], "written by SimpleCodec: " + v);
            assertEquals(v, fory.decode(encoded));
        }
        assertSame(Op.MUL, fory.decode(fory.encode(Op.MUL)), "the constant itself, with its body");
        Object[] chunk = {Status.OPEN, Status.OPEN, Op.ADD, Status.CLOSED};
        assertArrayEquals(chunk, (Object[]) fory.decode(fory.encode(chunk)));
        assertFalse(fory.built(), "enum constants never build Fory");
        assertNull(SimpleCodec.encodeSimple(Status.OPEN), "no constants unless the serializer allows them");
        var jdk = new JdkSerializer();
        assertEquals((byte) 0xAC, jdk.encode(Status.OPEN)[0], "JDK serialisation keeps its streams for them");
        assertSame(Status.OPEN, jdk.decode(jdk.encode(Status.OPEN)));
    }

    @Test
    void enumConstantsAreCheckedByNameWhenRead() {
        var strict = new ForySerializer(false, name -> !name.endsWith("Status"));
        byte[] open = SimpleCodec.encodeSimple(Status.OPEN, ANY);
        var refused = assertThrows(SerializationException.class, () -> strict.decode(open));
        assertTrue(refused.getMessage().contains("not allowed on this channel"), refused.getMessage());
        byte[] other = SimpleCodec.encodeSimple(Op.ADD, ANY);
        byte[] renamed = Arrays.copyOf(other, other.length);
        renamed[renamed.length - 1] = 'X'; // ADX: a constant this version of the enum lacks
        var missing = assertThrows(SerializationException.class, () -> strict.decode(renamed));
        assertTrue(missing.getMessage().contains("has no constant ADX"), missing.getMessage());
        byte[] notEnum = renamed(new Generic<>("x"), Op.class.getName()); // a record's bytes naming an enum
        assertThrows(SerializationException.class, () -> strict.decode(notEnum));
        var none = assertThrows(SerializationException.class, () -> SimpleCodec.decode(other, bytes -> "not simple"));
        assertTrue(none.getMessage().contains("takes none"), none.getMessage());
    }

    record Payment(java.util.UUID id, java.math.BigDecimal amount, java.time.Instant at, java.time.LocalDate day) {}

    static List<Object> jdkValues() {
        return List.of(java.math.BigInteger.ZERO, java.math.BigInteger.valueOf(-1), new java.math.BigInteger("123456789012345678901234567890"),
                new java.math.BigDecimal("0.10"), new java.math.BigDecimal("-12345678901234567890.000001"), java.math.BigDecimal.valueOf(5, -3),
                java.util.UUID.randomUUID(), new java.util.UUID(0, 0), java.time.Instant.now(), java.time.Instant.MIN, java.time.Instant.MAX,
                java.time.Duration.ofNanos(-1), java.time.Duration.ofDays(400).plusNanos(7), java.time.LocalDate.of(2026, 12, 8),
                java.time.LocalDate.MIN, java.time.LocalTime.of(23, 59, 59, 999_999_999), java.time.LocalTime.MIDNIGHT,
                java.time.LocalDateTime.of(1969, 7, 20, 20, 17, 40), java.time.LocalDateTime.MAX);
    }

    @Test
    void theJdksValueClassesRoundTripEqualAndOfTheirClassWithoutBuildingFory() {
        var fory = new ForySerializer(false);
        for (Serializer s : List.of(fory, new JdkSerializer())) {
            for (Object v : jdkValues()) {
                byte[] encoded = s.encode(v);
                assertEquals(0x7D, encoded[0], s.name() + " writes it itself: " + v);
                Object back = s.decode(encoded);
                assertEquals(v.getClass(), back.getClass());
                assertEquals(v, back, s.name());
            }
            Object[] values = jdkValues().toArray();
            assertArrayEquals(values, (Object[]) s.decode(s.encode(values)));
        }
        assertEquals(2, ((java.math.BigDecimal) fory.decode(fory.encode(new java.math.BigDecimal("0.10")))).scale(), "its scale too");
        var payment = new Payment(java.util.UUID.randomUUID(), new java.math.BigDecimal("19.99"), java.time.Instant.now(),
                java.time.LocalDate.now());
        assertEquals(payment, fory.decode(fory.encode(payment)));
        assertEquals(Map.of(java.time.LocalDate.of(2026, 1, 1), List.of(payment)),
                fory.decode(fory.encode(Map.of(java.time.LocalDate.of(2026, 1, 1), List.of(payment)))));
        assertFalse(fory.built(), "the JDK's value classes never build Fory");
        // a subclass is not the class: the serializer writes it
        var odd = new java.math.BigInteger("7") { };
        assertNull(SimpleCodec.encodeSimple(odd));
    }

    @Test
    void corruptJdkValuesAreRefusedClearly() {
        byte[] instant = SimpleCodec.encodeSimple(java.time.Instant.ofEpochSecond(1, 5));
        byte[] badNanos = instant.clone();
        badNanos[2] = 0x7F; // the nanoseconds (the count field) beyond 999 999 999
        byte[] day = SimpleCodec.encodeSimple(java.time.LocalDate.of(2026, 1, 1));
        byte[] farDay = day.clone();
        farDay[6] = 0x7F; // an epoch day beyond LocalDate.MAX
        byte[] big = SimpleCodec.encodeSimple(java.math.BigInteger.TEN);
        byte[] longBig = big.clone();
        longBig[5] = 9; // nine bytes announced, one there
        byte[] emptyBig = big.clone();
        emptyBig[5] = 0;
        for (byte[] bad : List.of(badNanos, farDay, longBig, Arrays.copyOf(emptyBig, 6), Arrays.copyOf(instant, instant.length - 1),
                new byte[] {0x7D, 23, 0, 0, 0, 0})) {
            var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(bad, bytes -> "not simple"));
            assertTrue(e.getMessage().contains("corrupt simple value"), e.getMessage());
        }
    }

    @Test
    void theTwoFormatsNeverStartWithAReservedByte() {
        // Decoding tells simple values from the serializer's own encodings by the first byte.
        for (Serializer s : List.of(new ForySerializer(false), new JdkSerializer())) {
            for (Object v : List.of(List.of(java.util.Locale.CANADA), new int[][] {{1}}, new Integer[] {0x70}, new StringBuilder("sb"))) {
                byte b = s.encode(v)[0];
                assertTrue((b & 0xF0) != 0x70, s.name() + " starts " + v.getClass() + " with 0x" + Integer.toHexString(b & 0xFF));
            }
        }
    }

    @Test
    void aFormatThatStartsWithAReservedByteIsEscaped() {
        byte[] own = {0x71, 1, 2, 3};
        byte[] encoded = SimpleCodec.encode(new Object(), v -> own);
        assertEquals(own.length + 1, encoded.length);
        Object back = SimpleCodec.decode(encoded, bytes -> bytes);
        assertArrayEquals(own, (byte[]) back);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) SimpleCodec.decode(new byte[] {1, 2}, bytes -> bytes));
    }

    @Test
    void corruptSimpleValuesAreRefusedClearly() {
        byte[] good = SimpleCodec.encode(12345, v -> null);
        byte[] array = SimpleCodec.encodeSimple(new Object[] {"abc", 7});
        byte[] longString = array.clone();
        longString[9] = 127; // the string's length beyond the message
        byte[] hugeCount = array.clone();
        hugeCount[1] = 127;
        for (byte[] bad : List.of(Arrays.copyOf(good, 3), Arrays.copyOf(good, 7), new byte[] {0x7C}, new byte[] {0x7B, 0x00, 0x41, 0x00},
                new byte[] {0x7D}, longString, hugeCount, Arrays.copyOf(array, array.length - 1), Arrays.copyOf(array, array.length + 1))) {
            var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(bad, bytes -> "not simple"));
            assertTrue(e.getMessage().contains("corrupt simple value"), e.getMessage());
        }
    }

    @Test
    void valuesEncodedBehindAHeaderDecodeFromTheirOffsetInEveryFormat() {
        // room: free bytes in front for the caller's header; offset: where decoding starts
        byte[] own = {0x72, 9, 8};
        Object[] simpleArray = {1, "two", 3.0};
        for (Serializer s : List.of(new ForySerializer(false), new JdkSerializer())) {
            for (Object v : List.of(7, "héllo ✓", List.of(1, 2), List.of(java.util.Locale.GERMANY), (Object) simpleArray)) {
                for (int room : new int[] {0, 1, 14}) {
                    byte[] plain = s.encode(v);
                    byte[] behind = s.encode(v, room);
                    assertEquals(plain.length + room, behind.length, s.name() + " " + v + " room " + room);
                    assertArrayEquals(plain, Arrays.copyOfRange(behind, room, behind.length), s.name() + " " + v);
                    Arrays.fill(behind, 0, room, (byte) 0x7A); // a header whose bytes look like tags
                    Object back = s.decode(behind, room);
                    if (v instanceof Object[] a) {
                        assertArrayEquals(a, (Object[]) back, s.name());
                    } else {
                        assertEquals(v, back, s.name());
                    }
                }
            }
        }
        byte[] escaped = SimpleCodec.encode(new Object(), 3, v -> own);
        assertEquals(3 + 1 + own.length, escaped.length);
        assertArrayEquals(own, (byte[]) SimpleCodec.decode(escaped, 3, bytes -> bytes));
        var e = assertThrows(SerializationException.class, () -> SimpleCodec.decode(new byte[2], 3, bytes -> bytes));
        assertTrue(e.getMessage().contains("ends inside its 3-byte header"), e.getMessage());
    }

    @Test
    void bigEndianNumbersByHandMatchByteBuffer() {
        var buffer = java.nio.ByteBuffer.allocate(16);
        byte[] b = new byte[16];
        for (long v : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L, 0x80FF00FF7F00807FL}) {
            buffer.clear();
            buffer.putShort(1, (short) v).putInt(3, (int) v).putLong(7, v);
            Bytes.putShort(b, 1, (short) v);
            Bytes.putInt(b, 3, (int) v);
            Bytes.putLong(b, 7, v);
            assertArrayEquals(buffer.array(), b, Long.toHexString(v));
            assertEquals((short) v, Bytes.getShort(b, 1));
            assertEquals((int) v, Bytes.getInt(b, 3));
            assertEquals(v, Bytes.getLong(b, 7));
        }
    }
}
