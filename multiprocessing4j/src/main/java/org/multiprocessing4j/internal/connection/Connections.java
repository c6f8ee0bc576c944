package org.multiprocessing4j.internal.connection;

import java.util.function.Function;

/**
 * The bridge from transports to the public {@code Connection}, whose constructor is not public:
 * the public class installs its factory when it is initialised, as {@code Process} does for
 * {@code ChildRunner}. The runtime never depends on the public package's internals.
 */
public final class Connections {

    private static volatile Function<Transport, Object> factory;

    private Connections() {}

    public static void install(Function<Transport, Object> f) {
        factory = f;
    }

    /** A new public {@code Connection} over {@code transport}. */
    public static Object wrap(Transport transport) {
        if (factory == null) {
            try {
                Class.forName("org.multiprocessing4j.Connection", true, Connections.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("org.multiprocessing4j.Connection is missing", e);
            }
        }
        return factory.apply(transport);
    }
}
