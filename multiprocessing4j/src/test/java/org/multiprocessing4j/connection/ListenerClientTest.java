package org.multiprocessing4j.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Endpoints;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Listener} and {@link Client} between real child JVMs and this one, over Unix-domain and
 * TCP sockets: large messages, end of stream when the peer exits or is killed, the authkey
 * handshake, hostile peers, and {@code wait} across processes.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ListenerClientTest extends SocketTestBase {

    static final int MIB_64 = 64 * 1024 * 1024;

    Listener listen(Endpoints.Kind kind) {
        var address = Endpoints.address(kind);
        var l = closeLater(new Listener(address)); // the current process's authkey, which children inherit
        resources.add(() -> Endpoints.cleanUp(address));
        return l;
    }

    static void awaitGo(String box, String key) {
        Await.until("the test says " + key, Delays.seconds(60), () -> Files.exists(Path.of(box, key)));
    }

    @Test
    void sixtyFourMiBObjectsAndByteArraysTravelBothWays() {
        var listener = listen(Endpoints.Kind.UNIX);
        SocketAddress address = listener.address();
        var p = child(() -> {
            try (var c = Client.connect(address)) {
                int[] numbers = c.recv();
                c.send(numbers);                 // echo the object
                c.sendBytes(c.recvBytes());      // echo the bytes
                var into = new byte[MIB_64 + 10];
                int n = c.recvBytesInto(into, 10);
                c.send(n);
            }
        });
        var c = closeLater(listener.accept(LIMIT));
        var numbers = new int[MIB_64 / 4];
        Arrays.setAll(numbers, i -> i * 31);
        var bytes = new byte[MIB_64];
        new java.util.Random(4).nextBytes(bytes);

        c.send(numbers);
        assertArrayEquals(numbers, c.<int[]>recv());
        c.sendBytes(bytes);
        assertArrayEquals(bytes, c.recvBytes());
        c.sendBytes(bytes);
        assertEquals(MIB_64, c.<Integer>recv());
        assertThrows(EndOfStreamException.class, c::recv, "the child closed its end");
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
    }

    @Test
    void aTwoProcessEchoOverTcpThenEndOfStreamAndWaitAcrossProcesses() {
        var listener = listen(Endpoints.Kind.TCP);
        SocketAddress address = listener.address();
        String b = box;
        var p = child(() -> {
            var c = Client.connect(address);
            while (true) {
                byte[] m = c.recvBytes();
                if (Arrays.equals(m, "stop".getBytes())) {
                    break;
                }
                c.sendBytes(m);
            }
            awaitGo(b, "go");
            c.send("last words");
            // exiting closes the socket: the parent sees end of stream after "last words"
        });
        var c = closeLater(listener.accept(LIMIT));
        for (String m : List.of("hello", "", "a somewhat longer message", "", "x")) {
            c.sendBytes(m.getBytes());
            assertEquals(m, new String(c.recvBytes()));
        }
        c.sendBytes("stop".getBytes());

        assertEquals(List.of(), Multiprocessing.wait(List.of(c, p), Duration.ofMillis(100)));
        Mailbox.put(box, "go", "");
        assertTrue(Multiprocessing.wait(List.of(c, p), LIMIT).contains(c));
        assertEquals("last words", c.recv());
        assertTrue(Multiprocessing.waitAll(List.of(c, p), LIMIT), "the child ended and its end of the socket with it");
        assertTrue(c.poll());
        assertThrows(EndOfStreamException.class, c::recv);
        assertEquals(0, p.exitCode());
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void aPeerKilledWithSigkillGivesEndOfStreamAfterItsMessages(Endpoints.Kind kind) {
        var listener = listen(kind);
        SocketAddress address = listener.address();
        String b = box;
        var p = child(() -> {
            var c = Client.connect(address);
            c.send("first");
            c.sendBytes(new byte[64 * 1024]); // fits in the socket buffers: the child is not blocked when killed
            c.send("third");
            Mailbox.put(b, "sent", "");
            awaitGo(b, "never");
        });
        var c = closeLater(listener.accept(LIMIT));
        Mailbox.await(box, "sent", LIMIT);
        p.kill();
        assertTrue(p.join(LIMIT));
        assertEquals(-9, p.exitCode());
        assertEquals("first", c.recv());
        assertEquals(64 * 1024, c.recvBytes().length);
        assertEquals("third", c.recv());
        assertThrows(EndOfStreamException.class, c::recv);
    }

    @Test
    void aWrongAuthkeyFailsOnBothSidesAndTheListenerSurvives() {
        var listener = listen(Endpoints.Kind.UNIX);
        SocketAddress address = listener.address();
        String b = box;
        var p = child(() -> {
            try {
                Client.connect(address, "not the key".getBytes());
                Mailbox.put(b, "wrong-key", "connected");
            } catch (AuthenticationException e) {
                Mailbox.put(b, "wrong-key", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            try (var c = Client.connect(address)) {
                c.send("authenticated");
            }
        });
        var e = assertThrows(AuthenticationException.class, () -> listener.accept(LIMIT));
        assertTrue(e.getMessage().contains("authkey mismatch"), e.getMessage());
        var c = closeLater(listener.accept(LIMIT));
        assertEquals("authenticated", c.recv());
        assertTrue(Mailbox.await(box, "wrong-key", LIMIT).startsWith("AuthenticationException: the peer refused our digest"),
                Mailbox.get(box, "wrong-key"));
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
    }

    @Test
    void aListenerWithAnotherKeyIsRefusedByTheClientToo() {
        var address = Endpoints.address(Endpoints.Kind.UNIX);
        var listener = closeLater(new Listener(address, "key A".getBytes()));
        resources.add(() -> Endpoints.cleanUp(address));
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        var e = assertThrows(AuthenticationException.class, () -> Client.connect(address, "key B".getBytes()));
        assertTrue(e.getMessage().contains("authkey mismatch"), e.getMessage());
        var serverSide = assertThrows(java.util.concurrent.ExecutionException.class, () -> accepted.get(10, TimeUnit.SECONDS));
        assertInstanceOf(AuthenticationException.class, serverSide.getCause());
    }

    @ParameterizedTest
    @EnumSource(Endpoints.Kind.class)
    void garbageAndOversizedLengthPrefixesAreDroppedBeforeAnythingIsDecoded(Endpoints.Kind kind) throws Exception {
        var listener = listen(kind);
        for (byte[] hostile : List.of(
                new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'R', 1, 2, 3},   // 2 GiB length prefix
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(),                          // not our protocol
                new byte[] {0, 0, 0, 3, 'R', 9, 9})) {                                    // a well-formed but bogus response
            try (var raw = rawConnect(listener.address())) {
                raw.write(ByteBuffer.wrap(hostile));
                var e = assertThrows(AuthenticationException.class, () -> listener.accept(LIMIT));
                assertFalse(e.getMessage().isEmpty());
                assertTrue(readsEndOfStream(raw), "the offender was disconnected");
            }
        }
        assertFalse(listener.isClosed());
        var ends = Endpoints.pair(listener, Multiprocessing.currentProcess().authkey());
        resources.addAll(List.of(ends));
        ends[1].send("the listener still works");
        assertEquals("the listener still works", ends[0].recv());
    }

    @Test
    void aSilentPeerCannotHoldATimedAcceptForever() throws Exception {
        var listener = listen(Endpoints.Kind.UNIX);
        try (var raw = rawConnect(listener.address())) {
            assertThrows(WaitTimeoutException.class, () -> listener.accept(Duration.ofMillis(200)));
            assertTrue(readsEndOfStream(raw), "the silent peer was disconnected");
        }
        assertThrows(WaitTimeoutException.class, () -> listener.accept(Duration.ZERO));
    }

    @Test
    void closingAListenerEndsABlockedAcceptAndRemovesTheSocketFile() throws Exception {
        var address = (UnixDomainSocketAddress) Endpoints.address(Endpoints.Kind.UNIX);
        resources.add(() -> Endpoints.cleanUp(address));
        var listener = new Listener(address);
        assertTrue(Files.exists(address.getPath()));
        var accepting = CompletableFuture.supplyAsync(listener::accept);
        listener.close();
        listener.close();
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> accepting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(Files.exists(address.getPath()));
        var refused = assertThrows(ConnectionException.class, () -> Client.connect(address));
        assertTrue(refused.getMessage().startsWith("cannot connect to listener at unix:"), refused.getMessage());
    }

    @Test
    void argumentsAreChecked() {
        var address = Endpoints.address(Endpoints.Kind.TCP);
        var e = assertThrows(IllegalArgumentException.class, () -> new Listener(address, new byte[0]));
        assertEquals("authkey must not be empty: authkey.length=0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Client.connect(address, new byte[0]));
        assertEquals("authkey must not be empty: authkey.length=0", e.getMessage());
        var odd = new SocketAddress() { };
        e = assertThrows(IllegalArgumentException.class, () -> new Listener(odd, new byte[1]));
        assertTrue(e.getMessage().startsWith("address must be a UnixDomainSocketAddress or an InetSocketAddress"), e.getMessage());
    }

    /** Fields of a Process subclass travel to the child: a socket connection refuses to. */
    static final class Sender extends Process {
        private final Connection connection;

        Sender(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            connection.send("from the child");
        }
    }

    @Test
    void passingAnOpenSocketConnectionToAChildFailsInStartWithTheReason() {
        var listener = listen(Endpoints.Kind.UNIX);
        var ends = Endpoints.pair(listener, Multiprocessing.currentProcess().authkey());
        resources.addAll(List.of(ends));
        Connection c = ends[1];
        var asTarget = Multiprocessing.getContext("spawn").process(() -> c.send("x"));
        var e = assertThrows(SerializationException.class, asTarget::start);
        assertTrue(e.getMessage().contains("cannot be passed to another process"), e.getMessage());
        assertTrue(e.getMessage().contains("Client.connect"), e.getMessage());
        var asField = new Sender(c);
        assertEquals("spawn", Multiprocessing.getStartMethod());
        e = assertThrows(SerializationException.class, asField::start);
        assertTrue(e.getMessage().contains("cannot be passed to another process"), e.getMessage());
        assertEquals(-1, asField.pid(), "nothing was started");
        c.send("still usable here");
        assertEquals("still usable here", ends[0].recv());
    }

    @Test
    void aThreadProcessUsesTheSameConnectionObject() {
        var listener = listen(Endpoints.Kind.UNIX);
        var ends = Endpoints.pair(listener, Multiprocessing.currentProcess().authkey());
        resources.addAll(List.of(ends));
        Connection c = ends[1];
        var t = Multiprocessing.getContext("thread").process(() -> c.send(c.<String>recv() + " back"));
        t.start();
        ends[0].send("there and");
        assertEquals("there and back", ends[0].recv());
        assertTrue(t.join(LIMIT));
        assertEquals(0, t.exitCode());
    }

    private static SocketChannel rawConnect(SocketAddress address) throws IOException {
        return SocketChannel.open(address);
    }
}
