package org.multiprocessing4j;

import java.io.Serializable;
import java.util.function.Function;

/** A {@link Function} that can be sent to another process; a lambda assigned to it is serialisable. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
