package org.multiprocessing4j.redis;

import java.nio.charset.StandardCharsets;

/**
 * Options for the tests' servers: a fixed authkey, a 2 s server timeout and a 3 s lease (shorter
 * leases expire by mistake on this loaded 2-core machine while worker JVMs start).
 */
final class Options {

    static final byte[] AUTHKEY = "test-authkey-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private Options() {}

    static RedisOptions of(RedisServer server, String session) {
        return builder(server, session).build();
    }

    /**
     * For tests of something other than lease expiry whose agent runs in the test's JVM: a 15 s
     * lease, which a busy test JVM starting child JVMs on a loaded 2-core machine cannot miss.
     */
    static RedisOptions patient(RedisServer server, String session) {
        return builder(server, session).leaseTtl(java.time.Duration.ofSeconds(15)).build();
    }

    static RedisOptions.Builder builder(RedisServer server, String session) {
        return builder(server.uri(), session);
    }

    /** For a server this JVM does not run (one in a network namespace, started by another process). */
    static RedisOptions.Builder builder(String uri, String session) {
        return RedisOptions.builder().address(uri).authkey(AUTHKEY).session(session)
                .serverTimeout(java.time.Duration.ofSeconds(2)).leaseTtl(java.time.Duration.ofMillis(3000));
    }
}
