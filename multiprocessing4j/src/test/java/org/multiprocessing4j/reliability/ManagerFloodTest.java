package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of unauthenticated peers on a TCP manager (issue 17): they used to cost one platform
 * thread and one descriptor each for the 20 s handshake limit, without bound.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class ManagerFloodTest {

    private static final Duration LIMIT = Delays.seconds(30);
    private static final byte[] KEY = "flood-key".getBytes();

    @Test
    void silentPeersNeverHoldMoreThanTheHandshakeBoundAndAClientIsServedAfterThem() throws Exception {
        var manager = SyncManager.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .authkey(KEY).build();
        var serving = Thread.ofPlatform().start(manager::serveForever);
        var silent = new ArrayList<SocketChannel>();
        // More than the bound, but no more than the bound plus the listen backlog (50): with more, the
        // extra connects wait in SYN retries until handshakes time out (20 s each round), which made
        // this test take 40 s while checking nothing more.
        int peers = 100;
        try {
            Await.until("the manager listens", LIMIT, () -> manager.address() != null);
            for (int i = 0; i < peers; i++) {
                silent.add(SocketChannel.open(manager.address()));
            }
            // the server takes the first ones at once; it must stop at its bound
            Await.until("the server takes up handshakes", LIMIT, () -> handshakeThreads() >= 64);
            long most = 0;
            for (int i = 0; i < 50; i++) { // sampled over a while: the bound holds, not just once
                most = Math.max(most, handshakeThreads());
                Thread.onSpinWait();
            }
            assertTrue(most <= 64, "handshake threads: " + most + " for " + peers + " silent peers");
            for (var s : silent) {
                s.close(); // their handshakes fail at once and free their slots
            }
            silent.clear();
            try (var client = SyncManager.builder().address(manager.address()).authkey(KEY).build().connect()) {
                ConcurrentMap<String, Object> d = client.dict();
                d.put("after", "the flood");
                assertEquals("the flood", d.get("after"));
            }
        } finally {
            for (var s : silent) {
                s.close();
            }
            manager.shutdown();
            serving.join(LIMIT.toMillis());
        }
        assertTrue(!serving.isAlive(), "serveForever() returned");
    }

    /** Threads of the manager that authenticate or serve a connection. */
    private static long handshakeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("manager-connection")).count();
    }
}
