package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.RLock;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * CPython's {@code Value} and {@code Array} on a Redis server: a value is a string key
 * {@code value:<name>} (the number's decimal text), an array a list {@code array:<name>} of
 * fixed length, each changed by single commands or Lua scripts, so {@code get}, {@code set},
 * {@code addAndGet} and {@code compareAndSet} are atomic. As in CPython, a compound update
 * needs {@link IntValue#getLock()} held around it: an {@link RedisRLock} named after the value
 * (null when made without a lock). Made once with their initial contents; a handle that
 * travels to another process attaches to the same keys. Thread-safe.
 */
public final class RedisValues {

    private RedisValues() {}

    /** A new int value. */
    public static IntValue intValue(Session session, String name, int initial, boolean lock) {
        init(session, "value:" + name, Integer.toString(initial));
        return new IntValueOnRedis(session, name, lock);
    }

    /** A new double value. */
    public static DoubleValue doubleValue(Session session, String name, double initial, boolean lock) {
        init(session, "value:" + name, Double.toString(initial));
        return new DoubleValueOnRedis(session, name, lock);
    }

    /** A new int array holding {@code values}. */
    public static IntArray intArray(Session session, String name, int[] values, boolean lock) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("an array needs at least one element: length=0");
        }
        session.check();
        String key = session.key("array:" + name);
        Object[] texts = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = Integer.toString(values[i]);
        }
        session.link().call(RedisCommands.RPUSH, key, prepend(key, texts));
        return new IntArrayOnRedis(session, name, values.length, lock);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void init(Session session, String rest, String text) {
        session.check();
        String key = session.key(rest);
        session.link().call(RedisCommands.SET, key, key, text);
    }

    /** Rebuilds a value or array from its handle. */
    static Object resolve(Session s, RedisHandle.Kind kind, String name, Object[] params) {
        boolean lock = (Boolean) params[0];
        return switch (kind) {
            case INT_VALUE -> new IntValueOnRedis(s, name, lock);
            case DOUBLE_VALUE -> new DoubleValueOnRedis(s, name, lock);
            default -> new IntArrayOnRedis(s, name, (Integer) params[1], lock);
        };
    }

    /** What the three kinds share: a session, a name, a key and the optional lock. */
    private abstract static class Base implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        final transient Session session;
        final String name;
        final transient String key;
        final boolean locked;

        Base(Session session, String prefix, String name, boolean locked) {
            this.session = session;
            this.name = name;
            this.key = session.key(prefix + name);
            this.locked = locked;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + name + "]";
        }

        public RLock getLock() {
            return locked ? new RedisRLock(session, "value-lock:" + name) : null;
        }

        String text() {
            session.check();
            byte[] b = session.link().eval(Scripts.VALUE_GET, RScript.ReturnType.VALUE, List.of(session.key("epoch"), key),
                    session.epoch());
            return new String(b, StandardCharsets.US_ASCII);
        }

        void setText(String text) {
            session.check();
            session.link().eval(Scripts.VALUE_SET, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                    session.epoch(), text);
        }
    }

    static final class IntValueOnRedis extends Base implements IntValue {
        @Serial
        private static final long serialVersionUID = 1L;

        IntValueOnRedis(Session session, String name, boolean lock) {
            super(session, "value:", name, lock);
        }

        @Override
        public int get() {
            return Integer.parseInt(text());
        }

        @Override
        public void set(int v) {
            setText(Integer.toString(v));
        }

        @Override
        public int addAndGet(int delta) {
            session.check();
            Long n = session.link().eval(Scripts.VALUE_ADD, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                    session.epoch(), delta);
            return n.intValue();
        }

        @Override
        public int incrementAndGet() {
            return addAndGet(1);
        }

        @Override
        public boolean compareAndSet(int expected, int update) {
            session.check();
            Long n = session.link().eval(Scripts.VALUE_CAS, RScript.ReturnType.LONG, List.of(session.key("epoch"), key),
                    session.epoch(), Integer.toString(expected), Integer.toString(update));
            return n == 1;
        }

        @Serial
        private Object writeReplace() {
            return RedisHandle.of(session, RedisHandle.Kind.INT_VALUE, name, locked);
        }
    }

    static final class DoubleValueOnRedis extends Base implements DoubleValue {
        @Serial
        private static final long serialVersionUID = 1L;

        DoubleValueOnRedis(Session session, String name, boolean lock) {
            super(session, "value:", name, lock);
        }

        @Override
        public double get() {
            return Double.parseDouble(text());
        }

        @Override
        public void set(double v) {
            setText(Double.toString(v));
        }

        @Serial
        private Object writeReplace() {
            return RedisHandle.of(session, RedisHandle.Kind.DOUBLE_VALUE, name, locked);
        }
    }

    static final class IntArrayOnRedis extends Base implements IntArray {
        @Serial
        private static final long serialVersionUID = 1L;

        private final int length;

        IntArrayOnRedis(Session session, String name, int length, boolean lock) {
            super(session, "array:", name, lock);
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        private void checkIndex(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index out of range: index=" + index + ", length=" + length);
            }
        }

        private void checkRange(int from, int to) {
            if (from < 0 || to > length || from > to) {
                throw new IndexOutOfBoundsException("range out of bounds: from=" + from + ", to=" + to + ", length=" + length);
            }
        }

        @Override
        public int get(int index) {
            checkIndex(index);
            return copyOfRange(index, index + 1)[0];
        }

        @Override
        public void set(int index, int value) {
            checkIndex(index);
            setRange(index, new int[] {value});
        }

        @Override
        public int[] toArray() {
            return copyOfRange(0, length);
        }

        @Override
        public int[] copyOfRange(int from, int to) {
            checkRange(from, to);
            if (from == to) {
                return new int[0];
            }
            session.check();
            List<Object> texts = session.link().eval(Scripts.ARRAY_RANGE, RScript.ReturnType.LIST,
                    List.of(session.key("epoch"), key), session.epoch(), from, to - 1);
            int[] out = new int[texts.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Integer.parseInt(new String((byte[]) texts.get(i), StandardCharsets.US_ASCII));
            }
            return out;
        }

        @Override
        public void setRange(int from, int[] values) {
            Objects.requireNonNull(values, "values");
            checkRange(from, from + values.length);
            if (values.length == 0) {
                return;
            }
            Object[] args = new Object[values.length + 2];
            args[0] = session.epoch();
            args[1] = from;
            for (int i = 0; i < values.length; i++) {
                args[i + 2] = Integer.toString(values[i]);
            }
            session.check();
            session.link().eval(Scripts.ARRAY_SET_RANGE, RScript.ReturnType.LONG, List.of(session.key("epoch"), key), args);
        }

        @Serial
        private Object writeReplace() {
            return RedisHandle.of(session, RedisHandle.Kind.INT_ARRAY, name, locked, length);
        }
    }
}
