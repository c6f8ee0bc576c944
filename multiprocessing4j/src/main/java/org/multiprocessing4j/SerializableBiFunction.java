package org.multiprocessing4j;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A {@link BiFunction} that can be sent to another process; a lambda assigned to it is serialisable. */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {}
