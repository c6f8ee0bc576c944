package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.RLock;
import org.multiprocessing4j.SerializableFunction;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values and arrays a {@code SyncManager}'s server holds: each implements the public typed
 * interface its proxy has ({@link org.multiprocessing4j.IntValue}, {@link org.multiprocessing4j.IntArray},
 * ..., and {@link org.multiprocessing4j.ObjectValue} for any serialisable object). All are
 * {@link SyncTypes.Guarded}: the server runs each call under the object's monitor, so every call,
 * the atomics included, is atomic. A manager's value or array has no lock ({@code getLock()} is
 * null), as CPython's manager {@code Value} and {@code Array} have none.
 */
public final class ManagedValues {

    private ManagedValues() {}

    public static final class ObjectValueImpl<T> implements org.multiprocessing4j.ObjectValue<T>, SyncTypes.Guarded {
        private T value;

        @SuppressWarnings("unchecked")
        ObjectValueImpl(Object[] initial) {
            this.value = (T) initial[0];
        }

        @Override
        public T get() {
            return value;
        }

        @Override
        public void set(T value) {
            this.value = value;
        }

        @Override
        public T getAndUpdate(SerializableFunction<T, T> update) {
            Objects.requireNonNull(update, "update");
            T previous = value;
            value = update.apply(previous);
            return previous;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "ObjectValue[" + value + "]";
        }
    }

    public static final class IntValueImpl implements org.multiprocessing4j.IntValue, SyncTypes.Guarded {
        private int value;

        IntValueImpl(int initial) {
            this.value = initial;
        }

        @Override
        public int get() {
            return value;
        }

        @Override
        public void set(int v) {
            this.value = v;
        }

        @Override
        public int addAndGet(int delta) {
            value = (int) (value + delta);
            return value;
        }

        @Override
        public int incrementAndGet() {
            return addAndGet((int) 1);
        }

        @Override
        public boolean compareAndSet(int expected, int update) {
            if (value != expected) {
                return false;
            }
            value = update;
            return true;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "IntValue[" + value + "]";
        }
    }

    public static final class LongValueImpl implements org.multiprocessing4j.LongValue, SyncTypes.Guarded {
        private long value;

        LongValueImpl(long initial) {
            this.value = initial;
        }

        @Override
        public long get() {
            return value;
        }

        @Override
        public void set(long v) {
            this.value = v;
        }

        @Override
        public long addAndGet(long delta) {
            value = (long) (value + delta);
            return value;
        }

        @Override
        public long incrementAndGet() {
            return addAndGet((long) 1);
        }

        @Override
        public boolean compareAndSet(long expected, long update) {
            if (value != expected) {
                return false;
            }
            value = update;
            return true;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "LongValue[" + value + "]";
        }
    }

    public static final class DoubleValueImpl implements org.multiprocessing4j.DoubleValue, SyncTypes.Guarded {
        private double value;

        DoubleValueImpl(double initial) {
            this.value = initial;
        }

        @Override
        public double get() {
            return value;
        }

        @Override
        public void set(double v) {
            this.value = v;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "DoubleValue[" + value + "]";
        }
    }

    public static final class FloatValueImpl implements org.multiprocessing4j.FloatValue, SyncTypes.Guarded {
        private float value;

        FloatValueImpl(float initial) {
            this.value = initial;
        }

        @Override
        public float get() {
            return value;
        }

        @Override
        public void set(float v) {
            this.value = v;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "FloatValue[" + value + "]";
        }
    }

    public static final class ShortValueImpl implements org.multiprocessing4j.ShortValue, SyncTypes.Guarded {
        private short value;

        ShortValueImpl(short initial) {
            this.value = initial;
        }

        @Override
        public short get() {
            return value;
        }

        @Override
        public void set(short v) {
            this.value = v;
        }

        @Override
        public short addAndGet(short delta) {
            value = (short) (value + delta);
            return value;
        }

        @Override
        public short incrementAndGet() {
            return addAndGet((short) 1);
        }

        @Override
        public boolean compareAndSet(short expected, short update) {
            if (value != expected) {
                return false;
            }
            value = update;
            return true;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "ShortValue[" + value + "]";
        }
    }

    public static final class ByteValueImpl implements org.multiprocessing4j.ByteValue, SyncTypes.Guarded {
        private byte value;

        ByteValueImpl(byte initial) {
            this.value = initial;
        }

        @Override
        public byte get() {
            return value;
        }

        @Override
        public void set(byte v) {
            this.value = v;
        }

        @Override
        public byte addAndGet(byte delta) {
            value = (byte) (value + delta);
            return value;
        }

        @Override
        public byte incrementAndGet() {
            return addAndGet((byte) 1);
        }

        @Override
        public boolean compareAndSet(byte expected, byte update) {
            if (value != expected) {
                return false;
            }
            value = update;
            return true;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "ByteValue[" + value + "]";
        }
    }

    public static final class CharValueImpl implements org.multiprocessing4j.CharValue, SyncTypes.Guarded {
        private char value;

        CharValueImpl(char initial) {
            this.value = initial;
        }

        @Override
        public char get() {
            return value;
        }

        @Override
        public void set(char v) {
            this.value = v;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "CharValue[" + value + "]";
        }
    }

    public static final class BooleanValueImpl implements org.multiprocessing4j.BooleanValue, SyncTypes.Guarded {
        private boolean value;

        BooleanValueImpl(boolean initial) {
            this.value = initial;
        }

        @Override
        public boolean get() {
            return value;
        }

        @Override
        public void set(boolean v) {
            this.value = v;
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "BooleanValue[" + value + "]";
        }
    }

    public static final class IntArrayImpl implements org.multiprocessing4j.IntArray, SyncTypes.Guarded {
        private final int[] data;

        IntArrayImpl(int[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public int get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, int value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public int[] toArray() {
            return data.clone();
        }

        @Override
        public int[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, int[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "IntArray" + Arrays.toString(data);
        }
    }

    public static final class LongArrayImpl implements org.multiprocessing4j.LongArray, SyncTypes.Guarded {
        private final long[] data;

        LongArrayImpl(long[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public long get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, long value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public long[] toArray() {
            return data.clone();
        }

        @Override
        public long[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, long[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "LongArray" + Arrays.toString(data);
        }
    }

    public static final class DoubleArrayImpl implements org.multiprocessing4j.DoubleArray, SyncTypes.Guarded {
        private final double[] data;

        DoubleArrayImpl(double[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public double get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, double value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public double[] toArray() {
            return data.clone();
        }

        @Override
        public double[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, double[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "DoubleArray" + Arrays.toString(data);
        }
    }

    public static final class FloatArrayImpl implements org.multiprocessing4j.FloatArray, SyncTypes.Guarded {
        private final float[] data;

        FloatArrayImpl(float[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public float get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, float value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public float[] toArray() {
            return data.clone();
        }

        @Override
        public float[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, float[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "FloatArray" + Arrays.toString(data);
        }
    }

    public static final class ShortArrayImpl implements org.multiprocessing4j.ShortArray, SyncTypes.Guarded {
        private final short[] data;

        ShortArrayImpl(short[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public short get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, short value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public short[] toArray() {
            return data.clone();
        }

        @Override
        public short[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, short[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "ShortArray" + Arrays.toString(data);
        }
    }

    public static final class ByteArrayImpl implements org.multiprocessing4j.ByteArray, SyncTypes.Guarded {
        private final byte[] data;

        ByteArrayImpl(byte[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public byte get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, byte value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public byte[] toArray() {
            return data.clone();
        }

        @Override
        public byte[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, byte[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "ByteArray" + Arrays.toString(data);
        }
    }

    public static final class CharArrayImpl implements org.multiprocessing4j.CharArray, SyncTypes.Guarded {
        private final char[] data;

        CharArrayImpl(char[] initial) {
            this.data = initial.clone();
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public char get(int index) {
            return data[checkIndex(index, data.length)];
        }

        @Override
        public void set(int index, char value) {
            data[checkIndex(index, data.length)] = value;
        }

        @Override
        public char[] toArray() {
            return data.clone();
        }

        @Override
        public char[] copyOfRange(int from, int to) {
            checkRange(from, to, data.length);
            return Arrays.copyOfRange(data, from, to);
        }

        @Override
        public void setRange(int from, char[] values) {
            checkRange(from, from + values.length, data.length);
            System.arraycopy(values, 0, data, from, values.length);
        }

        @Override
        public RLock getLock() {
            return null;
        }

        @Override
        public String toString() {
            return "CharArray" + Arrays.toString(data);
        }
    }

    static int checkIndex(int index, int length) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index out of range: index=" + index + ", length=" + length);
        }
        return index;
    }

    static void checkRange(int from, int to, int length) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range out of bounds: from=" + from + ", to=" + to + ", length=" + length);
        }
    }
}
