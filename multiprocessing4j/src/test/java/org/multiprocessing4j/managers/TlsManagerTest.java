package org.multiprocessing4j.managers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.connection.TlsConfig;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;
import org.multiprocessing4j.testing.TlsCertificates;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manager on TCP with TLS, its server in a child JVM: used from this JVM, from a child that
 * received proxies (one of them nested in another, so it crossed the strict TCP channel), and
 * from a separately started JVM through {@code connect()}; plaintext clients, untrusted
 * certificates and garbage are refused while the server keeps serving.
 */
@ExtendWith(NoLeftoverProcesses.class)
class TlsManagerTest {

    static final Duration LIMIT = Children.LIMIT;
    static final byte[] KEY = "tls manager key".getBytes();

    static TlsCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TlsCertificates.create();
    }

    @AfterAll
    static void deleteCertificates() {
        certs.close();
    }

    /** The map a manager serves under "board": one per server JVM. */
    static final class Board {
        static final ConcurrentMap<Object, Object> MAP = new ConcurrentHashMap<>();

        static ConcurrentMap<Object, Object> get() {
            return MAP;
        }
    }

    static InetSocketAddress anyLocalPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void aTlsManagerServesThisJvmChildrenAndASeparateJvm() throws Exception {
        TlsConfig tls = certs.config("local", "local").build();
        var manager = SyncManager.builder().address(anyLocalPort()).authkey(KEY).tls(tls).build();
        manager.register("board", ConcurrentMap.class, (Supplier<ConcurrentMap<?, ?>> & Serializable) Board::get);
        try (manager) {
            manager.start();
            var address = (InetSocketAddress) manager.address();
            @SuppressWarnings("unchecked")
            ConcurrentMap<String, Object> board = manager.create("board", ConcurrentMap.class);
            board.put("parent", 1);
            List<String> list = manager.list();
            board.put("list", list); // a proxy inside a proxy: it travels through the TLS channel, TlsConfig with it

            Children.run(() -> {
                board.put("child", 2);
                @SuppressWarnings("unchecked")
                List<String> nested = (List<String>) board.get("list");
                nested.add("from the child");
            });
            assertEquals(2, board.get("child"));
            assertEquals(List.of("from the child"), List.copyOf(list));

            try (var jvm = RootJvm.start(RemoteClient.class, address.getHostString(), String.valueOf(address.getPort()),
                    certs.trustStore("local").toString(), TlsCertificates.PASSWORD, HexFormat.of().formatHex(KEY))) {
                assertEquals(0, jvm.waitFor(LIMIT), jvm.stderr());
                assertEquals("connected over TLS", jvm.awaitLine("result: ", LIMIT));
            }
            assertEquals(3, board.get("remote"));

            // a plaintext client is refused at once, one that does not trust the certificate too
            var plain = SyncManager.builder().address(address).authkey(KEY).build();
            var e = assertThrows(AuthenticationException.class, plain::connect);
            assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
            var distrustful = SyncManager.builder().address(address).authkey(KEY)
                    .tls(certs.clientTrusting("stranger").build()).build();
            e = assertThrows(AuthenticationException.class, distrustful::connect);
            assertTrue(e.getMessage().startsWith("the TLS handshake with listener at tcp:"), e.getMessage());

            // garbage on the port is cut off; the server keeps serving old and new connections
            try (var s = new Socket(address.getAddress(), address.getPort())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
                s.getOutputStream().flush();
                s.setSoTimeout(10_000); // well below the 20 s handshake limit
                s.getInputStream().readAllBytes(); // the TLS announcement, then end of stream
            }
            board.put("after garbage", 4);
            Children.run(() -> board.put("child after garbage", 5));
            assertEquals(5, board.get("child after garbage"));
        }
    }

    @Test
    void tlsNeedsATcpAddressAndAServerCertificate() {
        var tls = certs.config("local", "local").build();
        var e = assertThrows(IllegalArgumentException.class, () -> BaseManager.builder().tls(tls).build());
        assertTrue(e.getMessage().startsWith("a manager with TLS needs a TCP address (an InetSocketAddress)"), e.getMessage());
        var unix = UnixDomainSocketAddress.of(Path.of("/tmp/never-bound.sock"));
        e = assertThrows(IllegalArgumentException.class, () -> BaseManager.builder().address(unix).tls(tls).build());
        assertTrue(e.getMessage().contains("address=" + unix), e.getMessage());
        var clientOnly = BaseManager.builder().address(anyLocalPort()).tls(certs.clientTrusting("local").build()).build();
        e = assertThrows(IllegalArgumentException.class, clientOnly::start);
        assertTrue(e.getMessage().startsWith("a manager's server with TLS presents a certificate"), e.getMessage());
    }

    /** A separately started JVM: connects to the TLS manager by address, trust store and key. */
    public static final class RemoteClient {
        public static void main(String[] args) {
            var tls = TlsConfig.builder().trustStore(Path.of(args[2]), args[3].toCharArray()).build();
            var manager = BaseManager.builder().address(new InetSocketAddress(args[0], Integer.parseInt(args[1])))
                    .authkey(HexFormat.of().parseHex(args[4])).tls(tls).build().connect();
            @SuppressWarnings("unchecked")
            ConcurrentMap<String, Object> board = manager.create("board", ConcurrentMap.class);
            board.put("remote", 3);
            manager.close();
            System.out.println("result: connected over TLS");
        }
    }
}
