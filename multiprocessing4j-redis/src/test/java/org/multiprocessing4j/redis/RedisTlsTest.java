package org.multiprocessing4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rediss:// against a server whose certificate a CA made here signed; another CA is refused. */
class RedisTlsTest {

    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        dir = Files.createTempDirectory("mp4j-tls");
        for (String ca : List.of("ca", "other-ca")) {
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt",
                    "-days", "1", "-subj", "/CN=mp4j-test-" + ca);
            run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt", "-alias", ca, "-file", ca + ".crt", "-keystore", ca + "-trust.p12",
                    "-storetype", "PKCS12", "-storepass", "trust-pass");
        }
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "1", "-extfile", "san.cnf");
    }

    @AfterAll
    static void removeCertificates() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    }

    @Test
    void aServerSignedByTheTrustedCaIsUsedOverTls() throws Exception {
        try (var server = RedisServer.startTls(dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"),
                "--requirepass", "tls-pass")) {
            assertTrue(server.uri().startsWith("rediss://"));
            var opts = Options.builder(server, "tls").password("tls-pass".toCharArray())
                    .trustStore(dir.resolve("ca-trust.p12"), "trust-pass".toCharArray()).build();
            try (var ctx = RedisContext.connect(opts)) {
                Queue<String> q = ctx.queue();
                q.put("over tls");
                assertEquals("over tls", q.get(Duration.ofMillis(500)));
            }
            var stranger = Options.builder(server, "tls").password("tls-pass".toCharArray())
                    .trustStore(dir.resolve("other-ca-trust.p12"), "trust-pass".toCharArray()).build();
            var e = assertThrows(SessionLostException.class, () -> RedisContext.connect(stranger));
            assertTrue(e.getMessage().contains("cannot connect to " + server.uri()), e.getMessage());
        }
    }
}
