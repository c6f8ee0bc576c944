package org.multiprocessing4j.managers;

/**
 * One value held by a manager ({@code manager.Value(typecode, value)} in CPython): any
 * serialisable object, a copy of which each {@link #get} returns.
 *
 * <p>Thread-safe and process-safe; each call is atomic, but a read-modify-write made of a
 * {@code get} and a {@code set} is not: guard it with a manager {@code lock()} or use
 * {@link #getAndUpdate}.
 *
 * @param <T> the value's type
 */
public interface ValueProxy<T> {

    T get();

    void set(T value);

    /**
     * Applies {@code update} to the value on the manager, atomically, and returns the previous
     * value. The function must be serialisable (a lambda of a serialisable functional type).
     */
    T getAndUpdate(org.multiprocessing4j.SerializableFunction<T, T> update);
}
