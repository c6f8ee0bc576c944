package org.multiprocessing4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server and two contexts of one session (two "programs") for a test class; at the end both
 * leave and the server must hold no key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoContexts {

    RedisServer server;
    RedisContext a;
    RedisContext b;

    /** The session's name. */
    abstract String session();

    @BeforeAll
    void start() throws Exception {
        server = RedisServer.start();
        a = RedisContext.connect(Options.of(server, session()));
        b = RedisContext.connect(Options.of(server, session()));
    }

    @AfterAll
    void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (server != null) {
            try {
                assertEquals(List.of(), server.keys(), "the last context out removes the session's keys");
            } finally {
                server.close();
            }
        }
    }
}
