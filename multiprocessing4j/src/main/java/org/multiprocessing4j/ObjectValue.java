package org.multiprocessing4j;

/**
 * A value holding any serialisable object, made by a manager ({@code SyncManager.value(Object)},
 * CPython's {@code manager.Value(typecode, value)} with an object): each {@link #get()} returns
 * a copy of what was set. It has no lock ({@link #getLock()} is null): each call is atomic, and
 * {@link #getAndUpdate} makes a read-modify-write atomic.
 *
 * <p>Thread- and process-safe; pass it to a child like any other value.
 *
 * @param <T> the value's type
 */
public non-sealed interface ObjectValue<T> extends Value {

    /** A copy of the value. */
    T get();

    /** Sets the value (a copy of {@code value} is kept). */
    void set(T value);

    /**
     * Applies {@code update} to the value where it is kept, atomically, and returns the previous
     * value. The function must be serialisable (a lambda of a serialisable functional type).
     */
    T getAndUpdate(SerializableFunction<T, T> update);
}
