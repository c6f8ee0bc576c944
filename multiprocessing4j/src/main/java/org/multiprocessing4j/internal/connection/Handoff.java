package org.multiprocessing4j.internal.connection;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * A transport in transit to another process: what {@link Transport#handoff()} returns and the
 * public {@code Connection} serialises in its place. The receiving process calls
 * {@link #open()} once, while deserialising, to get its own transport.
 */
public interface Handoff extends Serializable {

    /**
     * This process's transport for the end that travelled.
     *
     * @throws ObjectStreamException if the end cannot be received here (the exception says why)
     */
    Transport open() throws ObjectStreamException;
}
