package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.internal.connection.Transport;

/** What internal code may do with a {@link Connection} beyond its public API; see {@link Access}. */
public interface ConnectionAccess {

    /** A new connection over {@code transport}, which it now owns. */
    Connection wrap(Transport transport);
}
