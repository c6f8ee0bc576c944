package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Delays;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeDeadlineTest {

    @TempDir
    Path dir;

    /**
     * A silent peer is cut off at the limit even when every thread of the common pool is busy
     * (on a 2-CPU machine it has one): the close must not depend on it.
     */
    @Test
    void aSilentPeerIsCutOffWhileTheCommonPoolIsBusy() throws Exception {
        var release = new CountDownLatch(1);
        for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
            ForkJoinPool.commonPool().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        var address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
             var silent = SocketChannel.open(address);
             var accepted = server.accept()) {
            var deadline = HandshakeDeadline.arm(accepted, Duration.ofMillis(200));
            assertTimeoutPreemptively(Delays.seconds(10), () ->
                    assertThrows(IOException.class, () -> accepted.read(ByteBuffer.allocate(1))));
            assertTrue(deadline.timedOut());
            assertFalse(deadline.finish(), "too late to finish");
            assertFalse(accepted.isOpen());
        } finally {
            release.countDown();
        }
    }

    /** A handshake that finishes in time keeps its channel: the limit can no longer close it. */
    @Test
    void aHandshakeThatFinishesInTimeKeepsItsChannel() throws Exception {
        var address = UnixDomainSocketAddress.of(dir.resolve("t.sock"));
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
             var peer = SocketChannel.open(address);
             var accepted = server.accept()) {
            var deadline = HandshakeDeadline.arm(accepted, Duration.ofMillis(100));
            assertTrue(deadline.finish());
            peer.write(ByteBuffer.wrap(new byte[] {7}));
            var in = ByteBuffer.allocate(1);
            assertEquals(1, accepted.read(in));
            assertTrue(accepted.isOpen());
            assertFalse(deadline.timedOut());
        }
    }
}
