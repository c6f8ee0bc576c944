package org.multiprocessing4j;

import java.io.Serializable;

/** A {@link Runnable} that can be sent to another process; a lambda assigned to it is serialisable. */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
