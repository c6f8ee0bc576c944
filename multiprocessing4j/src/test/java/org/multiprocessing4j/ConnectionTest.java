package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.connection.SocketTransport;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Endpoints;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.Serializable;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message semantics of {@link Connection}, on both ends of a real socket in this JVM, over
 * Unix-domain and TCP. Cross-process behaviour lives in {@code ListenerClientTest}.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ConnectionTest {

    static final byte[] KEY = "connection-test-key".getBytes();

    final List<AutoCloseable> resources = new ArrayList<>();
    final List<SocketAddress> addresses = new ArrayList<>();

    /** [0] accepted end, [1] client end. */
    Connection[] pair(Endpoints.Kind kind) {
        var address = Endpoints.address(kind);
        addresses.add(address);
        var listener = new Listener(address, KEY);
        resources.add(listener);
        var ends = Endpoints.pair(listener, KEY);
        resources.addAll(List.of(ends));
        return ends;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (var r : resources) {
            r.close();
        }
        addresses.forEach(Endpoints::cleanUp);
    }

    record Point(int x, String label) implements Serializable {}

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void messagesKeepTheirBoundariesAndOrderAndEmptyOnesAreReal(Endpoints.Kind kind) {
        var ends = pair(kind);
        var a = ends[0];
        var b = ends[1];
        a.sendBytes("one".getBytes());
        a.sendBytes(new byte[0]);
        a.sendBytes("two-three".getBytes(), 4, 5);
        a.send(new Point(3, "p"));
        a.send(null);
        a.send(Map.of("k", List.of(1, 2)));
        assertEquals("one", new String(b.recvBytes()));
        assertEquals(0, b.recvBytes().length);
        assertEquals("three", new String(b.recvBytes()));
        assertEquals(new Point(3, "p"), b.recv());
        assertNull(b.recv());
        assertEquals(Map.of("k", List.of(1, 2)), b.recv());
        assertFalse(b.poll());
        b.send("back");
        assertEquals("back", a.recv(), "connections are duplex");
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void bytesAndObjectsCrossOver(Endpoints.Kind kind) {
        var ends = pair(kind);
        ends[0].sendBytes(new byte[] {1, 2, 3});
        byte[] raw = ends[1].recv();
        assertArrayEquals(new byte[] {1, 2, 3}, raw, "recv of a bytes message gives its byte[]");
        ends[0].send("serialised");
        byte[] encoded = ends[1].recvBytes();
        assertEquals("serialised", org.multiprocessing4j.internal.wire.Serializers.get().decode(encoded),
                "recvBytes of an object message gives its serialised form");
    }

    @Test
    void pollDoesNotConsumeAndWaitsForData() throws Exception {
        var ends = pair(Endpoints.Kind.UNIX);
        assertFalse(ends[1].poll());
        assertFalse(ends[1].poll(Duration.ofMillis(20)));
        assertFalse(ends[1].poll(Duration.ofMillis(-5)), "negative acts as zero");
        var later = CompletableFuture.runAsync(() -> ends[0].send("x"), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        assertTrue(ends[1].poll(Delays.seconds(10)));
        later.get();
        assertTrue(ends[1].poll());
        assertTrue(ends[1].poll(null));
        assertEquals("x", ends[1].recv());
        assertFalse(ends[1].poll());
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void aTooSmallBufferRaisesWithTheWholeMessageAndTheConnectionStaysUsable(Endpoints.Kind kind) {
        var ends = pair(kind);
        ends[0].sendBytes("0123456789".getBytes());
        ends[0].sendBytes("abc".getBytes());
        var buf = new byte[8];
        var e = assertThrows(BufferTooShortException.class, () -> ends[1].recvBytesInto(buf, 2));
        assertEquals("0123456789", new String(e.bytes()));
        assertTrue(e.getMessage().contains("10 bytes"), e.getMessage());
        assertEquals(3, ends[1].recvBytesInto(buf, 5));
        assertEquals("abc", new String(buf, 5, 3));
        ends[0].sendBytes(new byte[0]);
        assertEquals(0, ends[1].recvBytesInto(buf, 8), "an empty message fits at the very end");
        assertFalse(ends[1].isClosed());
    }

    @Test
    void aMessageOverMaxLengthRaisesAndLeavesTheEndUnreadableAsInCPython() {
        var ends = pair(Endpoints.Kind.UNIX);
        ends[0].sendBytes(new byte[5]);
        ends[0].sendBytes(new byte[6]);
        assertEquals(5, ends[1].recvBytes(5).length);
        var e = assertThrows(ConnectionException.class, () -> ends[1].recvBytes(5));
        assertTrue(e.getMessage().startsWith("bad message length"), e.getMessage());
        assertFalse(ends[1].isReadable());
        assertFalse(ends[1].isClosed(), "an end that also sends stays open for sending");
        for (var op : List.<Runnable>of(ends[1]::recv, ends[1]::recvBytes, ends[1]::poll)) {
            var refused = assertThrows(IllegalStateException.class, op::run);
            assertTrue(refused.getMessage().endsWith("connection is write-only"), refused.getMessage());
        }
        ends[1].send("still sends");
        assertEquals("still sends", ends[0].recv());
        ends[1].close();
        assertThrows(EndOfStreamException.class, ends[0]::recv, "the peer sees the close");
    }

    @Test
    void invalidArgumentsAreNamed() {
        var c = pair(Endpoints.Kind.UNIX)[0];
        var e = assertThrows(IllegalArgumentException.class, () -> c.sendBytes(new byte[4], -1, 2));
        assertEquals("offset must be >= 0: offset=-1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.sendBytes(new byte[4], 0, -2));
        assertEquals("size must be >= 0: size=-2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.sendBytes(new byte[4], 3, 2));
        assertEquals("offset + size must be <= buf.length: offset=3, size=2, buf.length=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.recvBytes(-1));
        assertEquals("maxLength must be >= 0: maxLength=-1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.recvBytesInto(new byte[2], 3));
        assertEquals("offset must be in [0, buf.length]: offset=3, buf.length=2", e.getMessage());
    }

    @Test
    void anUnserialisableObjectRaisesInTheCallerAndSendsNothing() {
        var ends = pair(Endpoints.Kind.UNIX);
        var e = assertThrows(SerializationException.class, () -> ends[0].send(Thread.currentThread()));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertFalse(ends[1].poll(Duration.ofMillis(50)), "nothing was sent");
        ends[0].send("still fine");
        assertEquals("still fine", ends[1].recv());
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void endOfStreamOnlyAfterEverythingSentWasReceived(Endpoints.Kind kind) {
        var ends = pair(kind);
        ends[0].send("a");
        ends[0].sendBytes(new byte[0]);
        ends[0].send("b");
        ends[0].close();
        assertTrue(ends[1].poll());
        assertEquals("a", ends[1].recv());
        assertEquals(0, ends[1].recvBytes().length);
        assertEquals("b", ends[1].recv());
        assertTrue(ends[1].poll(), "end of stream makes poll true");
        assertThrows(EndOfStreamException.class, ends[1]::recv);
        assertThrows(EndOfStreamException.class, ends[1]::recvBytes, "and stays so");
        assertThrows(ConnectionException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                ends[1].sendBytes(new byte[64 * 1024]); // the peer has gone: EPIPE / reset
            }
        });
    }

    @Test
    void everyOperationOnAClosedConnectionIsRejected() {
        var c = pair(Endpoints.Kind.UNIX)[1];
        c.close();
        c.close(); // idempotent
        assertTrue(c.isClosed());
        for (var op : List.<Runnable>of(() -> c.send(1), () -> c.sendBytes(new byte[1]), c::recv, c::recvBytes,
                () -> c.recvBytesInto(new byte[1]), c::poll, () -> c.poll(Duration.ZERO))) {
            var e = assertThrows(IllegalStateException.class, op::run);
            assertTrue(e.getMessage().endsWith("connection is closed"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> Multiprocessing.wait(List.of(c), Duration.ZERO));
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReceive() throws Exception {
        var c = pair(Endpoints.Kind.UNIX)[1];
        var started = new CountDownLatch(1);
        var receiver = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return c.recv();
        });
        started.await();
        Thread.sleep(50); // let it block; the assertion holds whether or not it has
        c.close();
        var e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> receiver.get(Delays.seconds(10).toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void anInterruptedReceiveLosesNothing() throws Exception {
        var ends = pair(Endpoints.Kind.UNIX);
        var result = new CompletableFuture<Object>();
        var t = Thread.ofPlatform().start(() -> {
            try {
                ends[1].recv();
                result.completeExceptionally(new AssertionError("received before anything was sent"));
            } catch (InterruptedWaitException e) {
                result.complete(Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        Thread.sleep(50); // not synchronisation: the result is the same if the interrupt comes first
        t.interrupt();
        assertEquals(true, result.get(10, TimeUnit.SECONDS), "the interrupt status is kept");
        assertFalse(ends[1].isClosed());
        ends[0].send("after");
        assertEquals("after", ends[1].recv());
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void aReceiverAwaitingRepliesLosesNothingWhenInterruptedAndThenTakesAStream(Endpoints.Kind kind) throws Exception {
        // Replies awaited after requests make the receiver wait before reading (SocketTransport.fill):
        // that must not change what an interrupted receive or a stream of messages gets.
        var ends = pair(kind);
        var sent = new CountDownLatch(1);
        var peer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 50; i++) {
                ends[0].send(ends[0].<Integer>recv() + 1);
            }
            ends[0].send("there");
            sent.countDown(); // the bytes are in the socket, not yet read by the other end
            for (int i = 0; i < 1000; i++) {
                ends[0].send(i);
            }
        });
        for (int i = 0; i < 50; i++) {
            ends[1].send(i);
            assertEquals(i + 1, ends[1].<Integer>recv());
        }
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedWaitException.class, ends[1]::recv);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is kept");
        }
        assertEquals("there", ends[1].recv());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, ends[1].<Integer>recv());
        }
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void largeMessagesInterleaveWithSmallOnes() throws Exception {
        var ends = pair(Endpoints.Kind.TCP);
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        Arrays.fill(big, (byte) 7);
        var sender = CompletableFuture.runAsync(() -> {
            ends[0].send("before");
            ends[0].sendBytes(big);
            ends[0].send(big);
            ends[0].send("after");
        });
        assertEquals("before", ends[1].recv());
        assertArrayEquals(big, ends[1].recvBytes());
        assertArrayEquals(big, ends[1].<byte[]>recv());
        assertEquals("after", ends[1].recv());
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aOneWayEndRefusesTheWrongDirection() throws Exception {
        try (var sockets = java.nio.channels.ServerSocketChannel.open()) {
            sockets.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            var a = SocketChannel.open(sockets.getLocalAddress());
            var b = sockets.accept();
            var reader = org.multiprocessing4j.internal.context.Access.connection().wrap(new SocketTransport(a, "test peer", true, false));
            var writer = org.multiprocessing4j.internal.context.Access.connection().wrap(new SocketTransport(b, "test peer", false, true));
            resources.addAll(List.of(reader, writer));
            assertFalse(reader.isWritable());
            assertFalse(writer.isReadable());
            var e = assertThrows(IllegalStateException.class, () -> reader.send("x"));
            assertEquals("cannot send: connection is read-only", e.getMessage());
            e = assertThrows(IllegalStateException.class, writer::recv);
            assertEquals("cannot recv: connection is write-only", e.getMessage());
            assertThrows(IllegalStateException.class, writer::poll);
            writer.send("one way");
            assertEquals("one way", reader.recv());
        }
    }

    @Test
    void waitReturnsTheConnectionsWithSomethingToReceive() throws Exception {
        var first = pair(Endpoints.Kind.UNIX);
        var second = pair(Endpoints.Kind.TCP);
        var readers = List.of(first[1], second[1]);
        assertEquals(List.of(), Multiprocessing.wait(readers, Duration.ZERO));
        assertEquals(List.of(), Multiprocessing.wait(readers, Duration.ofMillis(30)));
        var later = CompletableFuture.runAsync(() -> second[0].send("hi"),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        assertEquals(List.of(second[1]), Multiprocessing.wait(readers, Delays.seconds(10)));
        later.get();
        assertEquals(List.of(second[1]), Multiprocessing.wait(readers), "waiting consumes nothing");
        assertEquals("hi", second[1].recv());
        first[0].close();
        assertEquals(List.of(first[1]), Multiprocessing.wait(readers, Delays.seconds(10)), "end of stream is ready");
        assertFalse(Multiprocessing.waitAll(readers, Duration.ofMillis(20)));
        second[0].send("both");
        assertTrue(Multiprocessing.waitAll(readers, Delays.seconds(10)));
    }

    @Test
    void waitHonoursInterrupts() throws Exception {
        var reader = pair(Endpoints.Kind.UNIX)[1];
        var result = new CompletableFuture<Throwable>();
        var t = Thread.ofPlatform().start(() -> {
            try {
                Multiprocessing.wait(List.of(reader));
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        Thread.sleep(50); // not synchronisation: the result is the same if the interrupt comes first
        t.interrupt();
        assertInstanceOf(InterruptedWaitException.class, result.get(10, TimeUnit.SECONDS));
    }
}
