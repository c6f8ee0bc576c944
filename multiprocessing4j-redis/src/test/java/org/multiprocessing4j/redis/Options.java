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

    static RedisOptions.Builder builder(RedisServer server, String session) {
        return RedisOptions.builder().address(server.uri()).authkey(AUTHKEY).session(session)
                .serverTimeout(java.time.Duration.ofSeconds(2)).leaseTtl(java.time.Duration.ofMillis(3000));
    }
}
