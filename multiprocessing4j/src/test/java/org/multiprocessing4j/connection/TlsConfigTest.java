package org.multiprocessing4j.connection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.WaitTimeoutException;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Endpoints;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.TlsCertificates;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TlsConfig} with {@link Listener} and {@link Client} over real TCP sockets, with a child
 * JVM on the other end: objects and multi-MiB messages, {@code poll} and {@code wait}, every way
 * a peer can fail TLS or the authkey (the listener keeps serving after each), and bad input.
 */
@ExtendWith(NoLeftoverProcesses.class)
class TlsConfigTest extends SocketTestBase {

    static final int MIB_6 = 6 * 1024 * 1024;

    static TlsCertificates certs;
    static TlsConfig server;
    static TlsConfig client;

    @BeforeAll
    static void makeCertificates() {
        certs = TlsCertificates.create();
        server = certs.config("local", "local").build();
        client = certs.clientTrusting("local").build();
    }

    @AfterAll
    static void deleteCertificates() {
        certs.close();
    }

    Listener listen(TlsConfig tls) {
        var l = new Listener(Endpoints.address(Endpoints.Kind.TCP), Multiprocessing.currentProcess().authkey(), tls);
        resources.add(l);
        return l;
    }

    /** Accepts on another thread while {@code connect} runs here; returns [accepted, connected]. */
    Connection[] pair(Listener listener, java.util.function.Supplier<Connection> connect) {
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        Connection c = closeLater(connect.get());
        return new Connection[] {closeLater(accepted.join()), c};
    }

    static byte[] key() {
        return Multiprocessing.currentProcess().authkey();
    }

    @Test
    void objectsAndSeveralMiBMessagesTravelBothWaysWithPollAndWait() {
        var listener = listen(server);
        SocketAddress address = listener.address();
        TlsConfig tls = client;
        String b = box;
        var p = child(() -> {
            try (var c = Client.connect(address, Multiprocessing.currentProcess().authkey(), tls)) {
                int[] numbers = c.recv();
                c.send(numbers);                 // echo the object
                c.sendBytes(c.recvBytes());      // echo the bytes
                var into = new byte[MIB_6 + 10];
                c.send(c.recvBytesInto(into, 10));
                for (int i = 0; i < 100; i++) {  // small frames: many TLS records in one socket read
                    c.send(i);
                }
                Mailbox.put(b, "sent", "");
                Mailbox.await(b, "go", LIMIT);
                c.send("after go");
            }
        });
        var c = closeLater(listener.accept(LIMIT));
        var numbers = new int[MIB_6 / 4];
        Arrays.setAll(numbers, i -> i * 31);
        var bytes = new byte[MIB_6];
        new Random(4).nextBytes(bytes);

        c.send(numbers);
        assertArrayEquals(numbers, c.<int[]>recv());
        c.sendBytes(bytes);
        assertArrayEquals(bytes, c.recvBytes());
        c.sendBytes(bytes);
        assertEquals(MIB_6, c.<Integer>recv());
        // All 100 are here before the first is read, so after that read the socket itself has
        // nothing more: the rest waits as ciphertext or plaintext inside TLS. poll and wait must
        // find it there (selecting on the socket would block until "after go", which never comes).
        // The same for a blocking recv after replies (which may wait on the socket before reading).
        Mailbox.await(box, "sent", LIMIT);
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(c), Multiprocessing.wait(List.of(c), LIMIT), "wait sees what TLS buffers: frame " + i);
            assertTrue(c.poll(LIMIT), "frame " + i + " is readable");
            assertEquals(i, c.<Integer>recv());
        }
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 50; i < 100; i++) {
                assertEquals(i, c.<Integer>recv());
            }
        });
        assertFalse(c.poll(Duration.ofMillis(50)));
        assertEquals(List.of(), Multiprocessing.wait(List.of(c), Duration.ofMillis(50)));
        Mailbox.put(box, "go", "");
        assertEquals(List.of(c), Multiprocessing.wait(List.of(c), LIMIT));
        assertEquals("after go", c.recv());
        assertThrows(EndOfStreamException.class, c::recv, "the child closed its end");
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
    }

    @Test
    void aWrongAuthkeyIsRefusedOverTlsToo() {
        var listener = listen(server);
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        var e = assertThrows(AuthenticationException.class,
                () -> Client.connect(listener.address(), "not the key".getBytes(), client));
        assertTrue(e.getMessage().contains("authkey mismatch"), e.getMessage());
        assertServerRefused(accepted);
        assertStillServes(listener);
    }

    @Test
    void aPlaintextClientIsRefusedAtOnceAndTheListenerKeepsServing() {
        var listener = listen(server);
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        long t0 = System.nanoTime();
        var e = assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), key()));
        assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
        assertServerRefused(accepted);
        assertTrue(System.nanoTime() - t0 < Delays.seconds(10).toNanos(), "refused without waiting for the time limit");
        assertStillServes(listener);
    }

    @Test
    void aTlsClientRefusesAPlaintextListener() {
        var listener = listen(null);
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        var e = assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), key(), client));
        assertTrue(e.getMessage().contains("does not use TLS"), e.getMessage());
        assertServerRefused(accepted);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        var listener = listen(certs.config("stranger", "stranger").build());
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        var e = assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), key(), client));
        assertTrue(e.getMessage().startsWith("the TLS handshake with listener at tcp:"), e.getMessage());
        assertServerRefused(accepted);
        var ends = pair(listener, () -> Client.connect(listener.address(), key(), certs.clientTrusting("stranger").build()));
        ends[1].send("trusted now");
        assertEquals("trusted now", ends[0].recv());
    }

    @Test
    void hostnameVerificationFailsForAnotherHostsCertificateAndCanBeTurnedOff() {
        var listener = listen(certs.config("elsewhere", "elsewhere").build());
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        var verifying = certs.clientTrusting("elsewhere").build();
        assertTrue(verifying.hostnameVerification(), "on by default");
        var e = assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), key(), verifying));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        assertServerRefused(accepted);
        var trusting = certs.clientTrusting("elsewhere").hostnameVerification(false).build();
        var ends = pair(listener, () -> Client.connect(listener.address(), key(), trusting));
        ends[0].send("no host check");
        assertEquals("no host check", ends[1].recv());
    }

    @Test
    void mutualTlsRequiresTheClientsCertificate() {
        var listener = listen(certs.config("local", "stranger").requireClientCertificate(true).build());
        var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
        assertThrows(AuthenticationException.class, () -> {
            try (var c = Client.connect(listener.address(), key(), client)) {
                c.recv(); // in TLS 1.3 the client may finish before the server checks its (missing) certificate
            }
        });
        assertServerRefused(accepted);
        var ends = pair(listener, () -> Client.connect(listener.address(), key(), certs.config("stranger", "local").build()));
        ends[1].send("with my certificate");
        assertEquals("with my certificate", ends[0].recv());
    }

    @Test
    void garbageOnTheTlsPortIsRefusedAndTheListenerKeepsServing() throws Exception {
        var listener = listen(server);
        for (byte[] hostile : List.of(
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(),
                new byte[] {0x16, 3, 3, 0x7f, (byte) 0xff, 1, 2, 3},            // a TLS record header claiming 32 KiB
                new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'R'})) { // our own frame, not TLS
            try (var raw = SocketChannel.open(listener.address())) {
                raw.write(ByteBuffer.wrap(hostile));
                raw.shutdownOutput();
                var e = assertThrows(AuthenticationException.class, () -> listener.accept(LIMIT));
                assertFalse(e.getMessage().isEmpty());
                assertTrue(readsEndOfStream(raw), "the offender was disconnected");
            }
        }
        assertStillServes(listener);
    }

    @Test
    void aSilentPeerCannotHoldATimedAcceptForeverWithTlsEither() throws Exception {
        var listener = listen(server);
        try (var raw = SocketChannel.open(listener.address())) {
            assertThrows(WaitTimeoutException.class, () -> listener.accept(Duration.ofMillis(300)));
            assertTrue(readsEndOfStream(raw), "the silent peer was disconnected");
        }
        assertStillServes(listener);
    }

    @Test
    void badInputIsRefusedNamingTheArgument() throws IOException {
        Path missing = certs.directory().resolve("missing.p12");
        var e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().keyStore(missing, "x".toCharArray()).build());
        assertEquals("keyStore does not exist: keyStore=" + missing, e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().trustStore(missing, "x".toCharArray()).build());
        assertEquals("trustStore does not exist: trustStore=" + missing, e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().keyStore(certs.keyStore("local"), "wrong".toCharArray()).build());
        assertTrue(e.getMessage().startsWith("keyStorePassword is wrong for keyStore: keyStore="), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().trustStore(certs.trustStore("local"), "wrong".toCharArray()).build());
        assertTrue(e.getMessage().startsWith("trustStorePassword is wrong for trustStore: trustStore="), e.getMessage());

        Path notAStore = Files.writeString(certs.directory().resolve("not-a-store.p12"), "-----BEGIN CERTIFICATE-----\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().keyStore(notAStore, "x".toCharArray()).build());
        assertTrue(e.getMessage().startsWith("keyStore cannot be read as a PKCS12 store"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().storeType("PEM-ISH"));
        assertTrue(e.getMessage().startsWith("storeType is not a key store type of this JVM: storeType='PEM-ISH'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().keyStore(certs.trustStore("local"), TlsCertificates.PASSWORD.toCharArray()).build());
        assertTrue(e.getMessage().startsWith("keyStore holds no private key entry"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().protocols("TLSv1"));
        assertTrue(e.getMessage().startsWith("protocols may be TLSv1.3 and TLSv1.2 only"), e.getMessage());

        // TLS is for TCP; a listener must have a certificate to present
        var unix = Endpoints.address(Endpoints.Kind.UNIX);
        try {
            e = assertThrows(IllegalArgumentException.class, () -> new Listener(unix, key(), server));
            assertTrue(e.getMessage().startsWith("TLS needs a TCP address (an InetSocketAddress)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Client.connect(unix, key(), client));
            assertTrue(e.getMessage().startsWith("TLS needs a TCP address (an InetSocketAddress)"), e.getMessage());
        } finally {
            Endpoints.cleanUp(unix);
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> new Listener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), key(), client));
        assertTrue(e.getMessage().startsWith("a TLS listener presents a certificate, but tls has no key store"), e.getMessage());
    }

    @Test
    void aConfigIsSerialisableAndNeverShowsItsPasswords() throws Exception {
        var tls = certs.config("local", "local").protocols("TLSv1.3").hostnameVerification(false).build();
        assertFalse(tls.toString().contains(TlsCertificates.PASSWORD), tls.toString());
        assertTrue(tls.toString().contains("local-keys.p12"), tls.toString());
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(tls);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            var copy = (TlsConfig) in.readObject();
            assertEquals(tls, copy);
            assertEquals(List.of("TLSv1.3"), copy.protocols());
        }
        assertNotEquals(tls, certs.config("local", "local").build());
    }

    private static void assertServerRefused(CompletableFuture<Connection> accepted) {
        var e = assertThrows(ExecutionException.class, () -> accepted.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(AuthenticationException.class, e.getCause());
    }

    private void assertStillServes(Listener listener) {
        assertFalse(listener.isClosed());
        var ends = pair(listener, () -> Client.connect(listener.address(), key(), client));
        ends[1].send("the listener still works");
        assertEquals("the listener still works", ends[0].recv());
    }

}
