package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.BooleanValue;
import org.multiprocessing4j.ByteArray;
import org.multiprocessing4j.ByteValue;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.CharValue;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.FloatArray;
import org.multiprocessing4j.FloatValue;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.ObjectValue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.ShortArray;
import org.multiprocessing4j.ShortValue;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * CPython's {@code Value} and {@code Array} on a Redis server, for every element type of the
 * library's {@code Value} and {@code SharedArray} families: a value is a string key
 * {@code value:<name>} (the number's decimal text; a char as its code, a boolean as 0 or 1; an
 * {@link ObjectValue} as the library's encoding), an array a list {@code array:<name>} of fixed
 * length holding one such text per element. One mechanism serves every type: an {@link Elem}
 * says how an element is written and parsed and how an integer type wraps, the bases
 * ({@link ValueBase}, {@link ArrayBase}) do the Redis work on texts and on primitive arrays of
 * any component type, and each interface's class only converts its primitive type. Single
 * commands or Lua scripts make {@code get}, {@code set}, {@code addAndGet}, {@code compareAndSet}
 * and each range atomic. As in CPython, a compound update needs {@code getLock()} held around
 * it: an {@link RedisRLock} named after the value (null when made without a lock). Made once
 * with their initial contents; a handle that travels to another process attaches to the same
 * keys. Thread-safe.
 */
public final class RedisValues {

    private RedisValues() {}

    /** An element type: its text on the server, and the width an integer type wraps at. */
    public enum Elem {
        INT(int.class, 32), LONG(long.class, 64), SHORT(short.class, 16), BYTE(byte.class, 8),
        CHAR(char.class, 0), BOOLEAN(boolean.class, 0), FLOAT(float.class, 0), DOUBLE(double.class, 0);

        final Class<?> primitive;
        final int bits;

        Elem(Class<?> primitive, int bits) {
            this.primitive = primitive;
            this.bits = bits;
        }

        /** The text of a boxed element (Java's own decimal forms, which parse back exactly). */
        String text(Object v) {
            return switch (this) {
                case CHAR -> Integer.toString((Character) v);
                case BOOLEAN -> (Boolean) v ? "1" : "0";
                default -> v.toString();
            };
        }

        Object parse(String t) {
            return switch (this) {
                case INT -> Integer.parseInt(t);
                case LONG -> Long.parseLong(t);
                case SHORT -> Short.parseShort(t);
                case BYTE -> Byte.parseByte(t);
                case CHAR -> (char) Integer.parseInt(t);
                case BOOLEAN -> t.equals("1");
                case FLOAT -> Float.parseFloat(t);
                case DOUBLE -> Double.parseDouble(t);
            };
        }

        /** {@code v} cut to this integer type's width, as Java's arithmetic wraps. */
        long wrap(long v) {
            return switch (this) {
                case INT -> (int) v;
                case SHORT -> (short) v;
                case BYTE -> (byte) v;
                default -> v;
            };
        }
    }

    /** A new value of {@code elem} (null: an {@link ObjectValue}) holding {@code initial}; the caller knows its interface. */
    @SuppressWarnings("unchecked")
    public static <V> V value(Session session, String name, Elem elem, Object initial, boolean lock) {
        session.check();
        String key = session.key("value:" + name);
        Object stored = elem == null ? session.codec().encode(initial) : elem.text(initial);
        session.link().call(RedisCommands.SET, key, key, stored);
        return (V) attachValue(session, name, elem, lock);
    }

    /** A new array holding a copy of {@code values}, a primitive array of one of {@link Elem}'s types. */
    @SuppressWarnings("unchecked")
    public static <A> A array(Session session, String name, Elem elem, Object values, boolean lock) {
        Objects.requireNonNull(values, "values");
        int length = Array.getLength(values);
        if (length == 0) {
            throw new IllegalArgumentException("an array needs at least one element: length=0");
        }
        session.check();
        String key = session.key("array:" + name);
        Object[] args = new Object[length + 1];
        args[0] = key;
        for (int i = 0; i < length; i++) {
            args[i + 1] = elem.text(Array.get(values, i));
        }
        session.link().call(RedisCommands.RPUSH, key, args);
        return (A) attachArray(session, name, elem, length, lock);
    }

    private static Object attachValue(Session s, String name, Elem elem, boolean lock) {
        if (elem == null) {
            return new ObjectValueOnRedis<>(s, name, lock);
        }
        return switch (elem) {
            case INT -> new IntValueOnRedis(s, name, lock);
            case LONG -> new LongValueOnRedis(s, name, lock);
            case SHORT -> new ShortValueOnRedis(s, name, lock);
            case BYTE -> new ByteValueOnRedis(s, name, lock);
            case CHAR -> new CharValueOnRedis(s, name, lock);
            case BOOLEAN -> new BooleanValueOnRedis(s, name, lock);
            case FLOAT -> new FloatValueOnRedis(s, name, lock);
            case DOUBLE -> new DoubleValueOnRedis(s, name, lock);
        };
    }

    private static Object attachArray(Session s, String name, Elem elem, int length, boolean lock) {
        return switch (elem) {
            case INT -> new IntArrayOnRedis(s, name, length, lock);
            case LONG -> new LongArrayOnRedis(s, name, length, lock);
            case SHORT -> new ShortArrayOnRedis(s, name, length, lock);
            case BYTE -> new ByteArrayOnRedis(s, name, length, lock);
            case CHAR -> new CharArrayOnRedis(s, name, length, lock);
            case FLOAT -> new FloatArrayOnRedis(s, name, length, lock);
            case DOUBLE -> new DoubleArrayOnRedis(s, name, length, lock);
            case BOOLEAN -> throw new IllegalArgumentException("the library has no boolean array");
        };
    }

    /** Rebuilds a value or array from its handle: params {lock, element type name or null, length}. */
    static Object resolve(Session s, RedisHandle.Kind kind, String name, Object[] params) {
        boolean lock = (Boolean) params[0];
        Elem elem = params[1] == null ? null : Elem.valueOf((String) params[1]);
        return kind == RedisHandle.Kind.VALUE ? attachValue(s, name, elem, lock) : attachArray(s, name, elem, (Integer) params[2], lock);
    }

    /** What values and arrays share: a session, a name, a key, the element type and the optional lock. */
    private abstract static class Base implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        final transient Session session;
        final String name;
        final transient String key;
        final Elem elem;
        final boolean locked;

        Base(Session session, String prefix, String name, Elem elem, boolean locked) {
            this.session = session;
            this.name = name;
            this.key = session.key(prefix + name);
            this.elem = elem;
            this.locked = locked;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + name + "]";
        }

        public RLock getLock() {
            return locked ? new RedisRLock(session, "value-lock:" + name) : null;
        }

        /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
        @Serial
        Object writeReplace() {
            return this instanceof ArrayBase<?> a
                    ? RedisHandle.of(session, RedisHandle.Kind.ARRAY, name, locked, elem.name(), a.length)
                    : RedisHandle.of(session, RedisHandle.Kind.VALUE, name, locked, elem == null ? null : elem.name(), 0);
        }
    }

    /** A value: its stored bytes, read, written, compared-and-set and (integer types) added to atomically. */
    private abstract static class ValueBase extends Base {
        @Serial
        private static final long serialVersionUID = 2L;

        ValueBase(Session session, String name, Elem elem, boolean locked) {
            super(session, "value:", name, elem, locked);
        }

        byte[] raw() {
            session.check();
            return session.link().eval(Scripts.VALUE_GET, RScript.ReturnType.VALUE, List.of(session.key("epoch"), key),
                    session.epoch());
        }

        void setRaw(Object stored) {
            session.check();
            session.link().eval(Scripts.VALUE_SET, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                    session.epoch(), stored);
        }

        boolean casRaw(Object expected, Object update) {
            session.check();
            Long n = session.link().eval(Scripts.VALUE_CAS, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                    session.epoch(), expected, update);
            return n == 1;
        }

        Object read() {
            return elem.parse(new String(raw(), StandardCharsets.US_ASCII));
        }

        void write(Object v) {
            setRaw(elem.text(v));
        }

        boolean cas(Object expected, Object update) {
            return casRaw(elem.text(expected), elem.text(update));
        }

        /**
         * Adds {@code delta} and returns the new value, wrapped at the type's width as Java's
         * arithmetic does: a script for the widths Lua's numbers hold exactly (up to 32 bits),
         * {@code INCRBY} for a long, and a compare-and-set loop when that would overflow.
         */
        long add(long delta) {
            session.check();
            if (elem.bits < 64) {
                Long n = session.link().eval(Scripts.VALUE_ADD, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                        session.epoch(), delta, elem.bits);
                return n;
            }
            try {
                byte[] n = session.link().eval(Scripts.VALUE_INCRBY, RScript.ReturnType.VALUE,
                        List.of(session.key("epoch"), key), session.epoch(), delta);
                return Long.parseLong(new String(n, StandardCharsets.US_ASCII));
            } catch (RedisLink.ScriptError e) {
                if (!e.is("MP4J_OVERFLOW")) {
                    throw e;
                }
                while (true) {
                    long was = (Long) read();
                    if (cas(was, was + delta)) {
                        return was + delta;
                    }
                }
            }
        }
    }

    static final class IntValueOnRedis extends ValueBase implements IntValue {
        @Serial
        private static final long serialVersionUID = 2L;

        IntValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.INT, lock);
        }

        @Override
        public int get() {
            return (Integer) read();
        }

        @Override
        public void set(int v) {
            write(v);
        }

        @Override
        public int addAndGet(int delta) {
            return (int) add(delta);
        }

        @Override
        public int incrementAndGet() {
            return addAndGet(1);
        }

        @Override
        public boolean compareAndSet(int expected, int update) {
            return cas(expected, update);
        }
    }

    static final class LongValueOnRedis extends ValueBase implements LongValue {
        @Serial
        private static final long serialVersionUID = 1L;

        LongValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.LONG, lock);
        }

        @Override
        public long get() {
            return (Long) read();
        }

        @Override
        public void set(long v) {
            write(v);
        }

        @Override
        public long addAndGet(long delta) {
            return add(delta);
        }

        @Override
        public long incrementAndGet() {
            return addAndGet(1);
        }

        @Override
        public boolean compareAndSet(long expected, long update) {
            return cas(expected, update);
        }
    }

    static final class ShortValueOnRedis extends ValueBase implements ShortValue {
        @Serial
        private static final long serialVersionUID = 1L;

        ShortValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.SHORT, lock);
        }

        @Override
        public short get() {
            return (Short) read();
        }

        @Override
        public void set(short v) {
            write(v);
        }

        @Override
        public short addAndGet(short delta) {
            return (short) add(delta);
        }

        @Override
        public short incrementAndGet() {
            return (short) add(1);
        }

        @Override
        public boolean compareAndSet(short expected, short update) {
            return cas(expected, update);
        }
    }

    static final class ByteValueOnRedis extends ValueBase implements ByteValue {
        @Serial
        private static final long serialVersionUID = 1L;

        ByteValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.BYTE, lock);
        }

        @Override
        public byte get() {
            return (Byte) read();
        }

        @Override
        public void set(byte v) {
            write(v);
        }

        @Override
        public byte addAndGet(byte delta) {
            return (byte) add(delta);
        }

        @Override
        public byte incrementAndGet() {
            return (byte) add(1);
        }

        @Override
        public boolean compareAndSet(byte expected, byte update) {
            return cas(expected, update);
        }
    }

    static final class CharValueOnRedis extends ValueBase implements CharValue {
        @Serial
        private static final long serialVersionUID = 1L;

        CharValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.CHAR, lock);
        }

        @Override
        public char get() {
            return (Character) read();
        }

        @Override
        public void set(char v) {
            write(v);
        }
    }

    static final class BooleanValueOnRedis extends ValueBase implements BooleanValue {
        @Serial
        private static final long serialVersionUID = 1L;

        BooleanValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.BOOLEAN, lock);
        }

        @Override
        public boolean get() {
            return (Boolean) read();
        }

        @Override
        public void set(boolean v) {
            write(v);
        }
    }

    static final class FloatValueOnRedis extends ValueBase implements FloatValue {
        @Serial
        private static final long serialVersionUID = 1L;

        FloatValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.FLOAT, lock);
        }

        @Override
        public float get() {
            return (Float) read();
        }

        @Override
        public void set(float v) {
            write(v);
        }
    }

    static final class DoubleValueOnRedis extends ValueBase implements DoubleValue {
        @Serial
        private static final long serialVersionUID = 2L;

        DoubleValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, Elem.DOUBLE, lock);
        }

        @Override
        public double get() {
            return (Double) read();
        }

        @Override
        public void set(double v) {
            write(v);
        }
    }

    /**
     * An {@link ObjectValue}: the value encoded as the session's other objects are (decoded only
     * from allow-listed classes); {@code getAndUpdate} applies the function here and stores its
     * result by compare-and-set on the encoded bytes, again until no other process changed it
     * in between.
     */
    static final class ObjectValueOnRedis<T> extends ValueBase implements ObjectValue<T> {
        @Serial
        private static final long serialVersionUID = 1L;

        ObjectValueOnRedis(Session session, String name, boolean lock) {
            super(session, name, null, lock);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            return (T) session.codec().decode(raw());
        }

        @Override
        public void set(T value) {
            setRaw(session.codec().encode(value));
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getAndUpdate(SerializableFunction<T, T> update) {
            Objects.requireNonNull(update, "update");
            while (true) {
                byte[] was = raw();
                T old = (T) session.codec().decode(was);
                if (casRaw(was, session.codec().encode(update.apply(old)))) {
                    return old;
                }
            }
        }
    }

    /**
     * An array: elements and ranges of any of {@link Elem}'s primitive types, bounds checked
     * here. {@code A} is the primitive array type ({@code long[]}): {@code toArray},
     * {@code copyOfRange} and {@code setRange} are implemented once, here, for every interface
     * (the compiler bridges each interface's primitive signature to them).
     */
    private abstract static class ArrayBase<A> extends Base {
        @Serial
        private static final long serialVersionUID = 2L;

        final int length;

        ArrayBase(Session session, String name, Elem elem, int length, boolean lock) {
            super(session, "array:", name, elem, lock);
            this.length = length;
        }

        public int length() {
            return length;
        }

        void checkIndex(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index out of range: index=" + index + ", length=" + length);
            }
        }

        void checkRange(int from, int to) {
            if (from < 0 || to > length || from > to) {
                throw new IndexOutOfBoundsException("range out of bounds: from=" + from + ", to=" + to + ", length=" + length);
            }
        }

        public A toArray() {
            return copyOfRange(0, length);
        }

        /** Elements {@code from} (inclusive) to {@code to} (exclusive) as a primitive array of the element type. */
        @SuppressWarnings("unchecked")
        public A copyOfRange(int from, int to) {
            checkRange(from, to);
            A out = (A) Array.newInstance(elem.primitive, to - from);
            if (from == to) {
                return out;
            }
            session.check();
            List<Object> texts = session.link().eval(Scripts.ARRAY_RANGE, RScript.ReturnType.LIST,
                    List.of(session.key("epoch"), key), session.epoch(), from, to - 1);
            for (int i = 0; i < texts.size(); i++) {
                Array.set(out, i, elem.parse(new String((byte[]) texts.get(i), StandardCharsets.US_ASCII)));
            }
            return out;
        }

        /** Writes the primitive array {@code values} from index {@code from}, all or nothing. */
        public void setRange(int from, A values) {
            Objects.requireNonNull(values, "values");
            int n = Array.getLength(values);
            checkRange(from, from + n);
            if (n == 0) {
                return;
            }
            Object[] args = new Object[n + 2];
            args[0] = session.epoch();
            args[1] = from;
            for (int i = 0; i < n; i++) {
                args[i + 2] = elem.text(Array.get(values, i));
            }
            session.check();
            session.link().eval(Scripts.ARRAY_SET_RANGE, RScript.ReturnType.LONG, List.of(session.key("epoch"), key), args);
        }

        Object at(int index) {
            checkIndex(index);
            return Array.get(copyOfRange(index, index + 1), 0);
        }

        @SuppressWarnings("unchecked")
        void put(int index, Object value) {
            checkIndex(index);
            A one = (A) Array.newInstance(elem.primitive, 1);
            Array.set(one, 0, value);
            setRange(index, one);
        }
    }

    static final class IntArrayOnRedis extends ArrayBase<int[]> implements IntArray {
        @Serial
        private static final long serialVersionUID = 2L;

        IntArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.INT, length, lock);
        }

        @Override
        public int get(int index) {
            return (Integer) at(index);
        }

        @Override
        public void set(int index, int value) {
            put(index, value);
        }
    }

    static final class LongArrayOnRedis extends ArrayBase<long[]> implements LongArray {
        @Serial
        private static final long serialVersionUID = 1L;

        LongArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.LONG, length, lock);
        }

        @Override
        public long get(int index) {
            return (Long) at(index);
        }

        @Override
        public void set(int index, long value) {
            put(index, value);
        }
    }

    static final class ShortArrayOnRedis extends ArrayBase<short[]> implements ShortArray {
        @Serial
        private static final long serialVersionUID = 1L;

        ShortArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.SHORT, length, lock);
        }

        @Override
        public short get(int index) {
            return (Short) at(index);
        }

        @Override
        public void set(int index, short value) {
            put(index, value);
        }
    }

    static final class ByteArrayOnRedis extends ArrayBase<byte[]> implements ByteArray {
        @Serial
        private static final long serialVersionUID = 1L;

        ByteArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.BYTE, length, lock);
        }

        @Override
        public byte get(int index) {
            return (Byte) at(index);
        }

        @Override
        public void set(int index, byte value) {
            put(index, value);
        }
    }

    static final class CharArrayOnRedis extends ArrayBase<char[]> implements CharArray {
        @Serial
        private static final long serialVersionUID = 1L;

        CharArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.CHAR, length, lock);
        }

        @Override
        public char get(int index) {
            return (Character) at(index);
        }

        @Override
        public void set(int index, char value) {
            put(index, value);
        }
    }

    static final class FloatArrayOnRedis extends ArrayBase<float[]> implements FloatArray {
        @Serial
        private static final long serialVersionUID = 1L;

        FloatArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.FLOAT, length, lock);
        }

        @Override
        public float get(int index) {
            return (Float) at(index);
        }

        @Override
        public void set(int index, float value) {
            put(index, value);
        }
    }

    static final class DoubleArrayOnRedis extends ArrayBase<double[]> implements DoubleArray {
        @Serial
        private static final long serialVersionUID = 1L;

        DoubleArrayOnRedis(Session s, String name, int length, boolean lock) {
            super(s, name, Elem.DOUBLE, length, lock);
        }

        @Override
        public double get(int index) {
            return (Double) at(index);
        }

        @Override
        public void set(int index, double value) {
            put(index, value);
        }
    }
}
