package org.multiprocessing4j;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A {@link Callable} that can be sent to another process; a lambda assigned to it is serialisable. */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {}
