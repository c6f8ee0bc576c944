package org.multiprocessing4j;

import java.io.Serializable;
import java.util.function.Consumer;

/** A {@link Consumer} that can be sent to another process; a lambda assigned to it is serialisable. */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {}
