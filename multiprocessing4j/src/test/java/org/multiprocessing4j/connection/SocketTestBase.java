package org.multiprocessing4j.connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Endpoints;
import org.multiprocessing4j.testing.Mailbox;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Listener/Client tests share: a mailbox, spawned children (killed if still running),
 * resources closed in the order they were added, all after each test.
 */
abstract class SocketTestBase {

    static final Duration LIMIT = Delays.childLifetime();

    String box;
    final List<Process> children = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void createMailbox() {
        box = Mailbox.create();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (var p : children) {
            if (p.exitCode() == null) {
                p.kill();
            }
            p.join();
        }
        for (var r : resources) {
            r.close();
        }
        Mailbox.delete(box);
    }

    Process child(SerializableRunnable target) {
        var p = Multiprocessing.getContext("spawn").process(target);
        children.add(p);
        p.start();
        return p;
    }

    <C extends AutoCloseable> C closeLater(C c) {
        resources.add(c);
        return c;
    }

    /** Reads (whatever the server says and then) end of stream, within a bounded time. */
    static boolean readsEndOfStream(SocketChannel raw) throws Exception {
        return Endpoints.readsEndOfStream(raw, Duration.ofSeconds(10));
    }
}
