package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.internal.wire.Serializers;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Endpoints;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random and truncated frames, oversized and negative length prefixes and garbage handshakes
 * against a {@link Listener} and against this JVM's process control socket: the server
 * survives (the next legitimate client or child works), the offender is disconnected, and
 * nothing is decoded before authentication. The last is proved with a {@link Tripwire}: a
 * payload whose decoding has a visible side effect, sent in every frame of the attack, and
 * shown (after the attack) to trip when the same bytes are decoded.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class BadFrameTest {

    static final Duration LIMIT = Delays.seconds(20);
    static final int RANDOM_PEERS = Reliability.count(24, 500);
    static final byte[] KEY = "bad-frame-test-key".getBytes();

    /** Counts its own deserialisations (JDK readObject, and readResolve as other serializers call it). */
    static final class Tripwire implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger TRIPPED = new AtomicInteger();
        final String note = "decoded before authentication";

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            TRIPPED.incrementAndGet();
        }

        @Serial
        private Object readResolve() {
            TRIPPED.incrementAndGet();
            return this;
        }
    }

    static byte[] jdkTripwire;
    static byte[] processTripwire;

    @BeforeAll
    static void payloads() throws IOException {
        var out = new ByteArrayOutputStream();
        try (var o = new ObjectOutputStream(out)) {
            o.writeObject(new Tripwire());
        }
        jdkTripwire = out.toByteArray();
        processTripwire = Serializers.get().encode(new Tripwire());
        Tripwire.TRIPPED.set(0);
    }

    /** The attack did not decode anything; then the same bytes, decoded, do trip. */
    @AfterEach
    void nothingWasDecodedButTheTripwireWorks() throws Exception {
        assertEquals(0, Tripwire.TRIPPED.get(), "an attacker's bytes were decoded before authentication");
        try (var in = new ObjectInputStream(new ByteArrayInputStream(jdkTripwire))) {
            assertInstanceOf(Tripwire.class, in.readObject());
        }
        assertTrue(Tripwire.TRIPPED.get() > 0, "JDK decoding trips the wire");
        Tripwire.TRIPPED.set(0);
        assertInstanceOf(Tripwire.class, Serializers.get().decode(processTripwire));
        assertTrue(Tripwire.TRIPPED.get() > 0, Serializers.name() + " decoding trips the wire");
        Tripwire.TRIPPED.set(0);
    }

    static byte[] frame(int declaredLength, int type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).putInt(declaredLength).put((byte) type).put(body).array();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The offences, each the bytes one peer sends before going quiet or away. */
    static List<byte[]> offences(Random random) {
        var list = new ArrayList<byte[]>();
        list.add(frame(Integer.MAX_VALUE, 'R', jdkTripwire)); // oversized length prefix
        list.add(frame(-1, 'R', processTripwire)); // negative length
        list.add(frame(0, 'R', new byte[0])); // empty frame
        list.add(frame(1 + jdkTripwire.length, 'R', jdkTripwire)); // well framed, wrong content
        list.add(frame(1 + processTripwire.length, 'O', processTripwire)); // an object frame before the handshake
        list.add(frame(1 + 64, 'R', new byte[64])); // a response of the right size with a wrong digest
        list.add(jdkTripwire); // a bare serialised object
        list.add(concat(frame(1 + 64, 'R', new byte[64]), frame(1 + jdkTripwire.length, 'O', jdkTripwire)));
        byte[] truncated = frame(1 + jdkTripwire.length, 'R', jdkTripwire);
        list.add(java.util.Arrays.copyOf(truncated, truncated.length / 2)); // truncated mid-frame
        list.add(java.util.Arrays.copyOf(truncated, 3)); // truncated inside the header
        for (int i = 0; i < RANDOM_PEERS; i++) {
            var garbage = new byte[random.nextInt(2 * 4096 + 10)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length >= 5) { // a plausible small length now and then
                ByteBuffer.wrap(garbage).putInt(1 + random.nextInt(garbage.length - 4));
            }
            list.add(garbage);
        }
        return list;
    }

    enum Transport { UNIX, TCP }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theListenerDropsEveryOffenderAndStillServes(Transport transport) throws Exception {
        var kind = transport == Transport.UNIX ? Endpoints.Kind.UNIX : Endpoints.Kind.TCP;
        SocketAddress address = Endpoints.address(kind);
        var random = Reliability.random("listener-bad-frames-" + transport);
        int refused = 0;
        try (var listener = new Listener(address, KEY)) {
            for (byte[] offence : offences(random)) {
                var accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return listener.accept(LIMIT);
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                try (var raw = SocketChannel.open(listener.address())) {
                    raw.write(ByteBuffer.wrap(offence));
                    raw.shutdownOutput(); // a truncated frame ends here
                    assertDropped(raw);
                }
                Object outcome = accepted.get(LIMIT.toMillis() * 2, TimeUnit.MILLISECONDS);
                if (outcome instanceof Connection c) {
                    c.close();
                    fail("an offender was accepted as a connection");
                }
                assertInstanceOf(AuthenticationException.class, outcome, String.valueOf(outcome));
                refused++;
            }
            // the listener still serves a legitimate client
            var accepted = CompletableFuture.supplyAsync(() -> listener.accept(LIMIT));
            try (Connection client = Client.connect(listener.address(), KEY); Connection server = accepted.get()) {
                client.send("still serving");
                assertEquals("still serving", server.recv());
            }
        } finally {
            Endpoints.cleanUp(address);
        }
        System.out.printf("[reliability] listener (%s): %d offenders refused and dropped%n", transport, refused);
    }

    /**
     * The same offences against a manager's port. The server runs in this JVM
     * ({@code serveForever} on a thread), so the {@link Tripwire} counts its decoding, and its
     * allow-list admits the Tripwire: a decoded frame would trip it, as the last step shows.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void theManagerPortDropsEveryOffenderAndStillServes(Transport transport) throws Exception {
        SocketAddress requested = transport == Transport.UNIX ? Endpoints.address(Endpoints.Kind.UNIX)
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        var random = Reliability.random("manager-bad-frames-" + transport);
        var manager = SyncManager.builder().address(requested).authkey(KEY).allowClasses(Tripwire.class.getName()).build();
        var serving = Thread.ofPlatform().start(manager::serveForever);
        int dropped = 0;
        try {
            Await.until("the manager listens", LIMIT, () -> manager.address() != null);
            SocketAddress address = manager.address();
            for (byte[] offence : offences(random)) {
                try (var raw = SocketChannel.open(address)) {
                    raw.write(ByteBuffer.wrap(offence));
                    raw.shutdownOutput();
                    assertDropped(raw);
                }
                dropped++;
            }
            assertEquals(0, Tripwire.TRIPPED.get(), "an attacker's bytes were decoded before authentication");
            // a legitimate client is served, and what it sends is decoded (so the wire would have tripped)
            try (var client = SyncManager.builder().address(address).authkey(KEY)
                    .allowClasses(Tripwire.class.getName()).build().connect()) {
                ConcurrentMap<String, Object> d = client.dict();
                d.put("still", "serving");
                assertEquals("serving", d.get("still"));
                d.put("wire", new Tripwire());
                assertTrue(Tripwire.TRIPPED.get() > 0, "the manager decodes a Tripwire an authenticated client sends");
                Tripwire.TRIPPED.set(0);
            }
        } finally {
            manager.shutdown();
            serving.join(LIMIT.toMillis());
            Endpoints.cleanUp(requested);
        }
        assertTrue(!serving.isAlive(), "serveForever() returned");
        System.out.printf("[reliability] manager port (%s): %d offenders dropped, a client served%n", transport, dropped);
    }

    /** The server closed the connection: reads end with end-of-stream within the limit. */
    private static void assertDropped(SocketChannel raw) throws Exception {
        assertTrue(Endpoints.readsEndOfStream(raw, LIMIT.multipliedBy(2)), "the offender was disconnected");
    }

    @Test
    void theControlSocketDropsEveryOffenderAndChildrenStillStart() throws Exception {
        runAPoolTask(); // the control server exists from the first pool worker (or warm spare) on
        Path control;
        try (var files = Files.list(Session.existing())) {
            control = files.filter(p -> p.getFileName().toString().startsWith("ctl-" + ProcessHandle.current().pid()))
                    .findFirst().orElseThrow(() -> new AssertionError("no control socket in " + Session.existing()));
        }
        var random = Reliability.random("control-bad-frames");
        var offences = offences(random);
        // a HELLO for a child id nobody expects, followed by the tripwire
        offences.add(concat(frame(9, 'H', ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array()),
                frame(1 + jdkTripwire.length, 'R', jdkTripwire)));
        offences.add(concat(frame(9, 'H', ByteBuffer.allocate(8).putLong(1).array()),
                frame(1 + processTripwire.length, 'P', processTripwire)));
        for (byte[] offence : offences) {
            try (var raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(control));
                raw.write(ByteBuffer.wrap(offence));
                raw.shutdownOutput();
                assertDropped(raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        runAPoolTask();
        startAndJoinAChild();
        System.out.printf("[reliability] control socket: %d offenders dropped, children still start%n", offences.size());
    }

    /** A pool worker links to its pool through the control socket. */
    private static void runAPoolTask() {
        try (var pool = org.multiprocessing4j.Pool.builder().processes(1).jvmArgs("-Xmx32m").build()) {
            assertEquals(7, pool.apply(() -> 7));
        }
    }

    private static void startAndJoinAChild() {
        var p = Process.builder().jvmArgs("-Xmx32m").target(() -> { }).build();
        p.start();
        assertTrue(p.join(Delays.childLifetime()));
        assertEquals(0, p.exitCode());
    }
}
