/**
 * multiprocessing4j: Python's {@code multiprocessing} for Java, with real child JVMs.
 *
 * <p>The {@code exports} below are the public API; everything under {@code internal} may change.
 */
module org.multiprocessing4j {
    requires java.management;
    requires jdk.unsupported;
    requires org.apache.fory.core;

    exports org.multiprocessing4j;
    exports org.multiprocessing4j.sharedmemory;
    exports org.multiprocessing4j.connection;
    exports org.multiprocessing4j.futures;
    exports org.multiprocessing4j.managers;

    // The backend SPI (see the package's documentation), for the Redis backend's module only.
    exports org.multiprocessing4j.internal.context to org.multiprocessing4j.redis;
    exports org.multiprocessing4j.internal.spawn to org.multiprocessing4j.redis;
    exports org.multiprocessing4j.internal.connection to org.multiprocessing4j.redis;
}
