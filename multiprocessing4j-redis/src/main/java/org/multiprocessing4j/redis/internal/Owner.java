package org.multiprocessing4j.redis.internal;

import java.util.UUID;

/**
 * Who holds an owner-bound object (an RLock) on the server: this JVM (a random id, as no pid is
 * unique across hosts) and the calling thread, as CPython's RLock records process and thread.
 */
final class Owner {

    private static final String JVM = UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private Owner() {}

    /** The calling thread of this JVM. */
    static String current() {
        return JVM + ":" + Thread.currentThread().threadId();
    }
}
