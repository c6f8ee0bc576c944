package org.multiprocessing4j.testing;

import org.multiprocessing4j.connection.TlsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Self-signed certificates for TLS tests, made by the JDK's own {@code keytool} in a temporary
 * directory (one per test class; {@link #close()} deletes it). Three identities, each a PKCS12
 * key store with a matching trust store that holds only its certificate:
 * <ul>
 *   <li>{@code "local"}: names {@code localhost} and {@code 127.0.0.1};
 *   <li>{@code "stranger"}: the same names, a different key (trusted by nobody else);
 *   <li>{@code "elsewhere"}: names only {@code elsewhere.example} (fails hostname verification here).
 * </ul>
 */
public final class TlsCertificates implements AutoCloseable {

    public static final String PASSWORD = "test-store-pass";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private final Path directory;

    private TlsCertificates(Path directory) {
        this.directory = directory;
    }

    /** Generates the three identities. */
    public static TlsCertificates create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("mp4j-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var certs = new TlsCertificates(dir);
        try {
            certs.identity("local", "dns:localhost,ip:127.0.0.1");
            certs.identity("stranger", "dns:localhost,ip:127.0.0.1");
            certs.identity("elsewhere", "dns:elsewhere.example");
        } catch (RuntimeException | Error e) {
            certs.close();
            throw e;
        }
        return certs;
    }

    private void identity(String name, String san) {
        String keys = keyStore(name).toString();
        String cert = directory.resolve(name + ".cer").toString();
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name + ", O=multiprocessing4j tests", "-ext", "san=" + san,
                "-keystore", keys, "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", name, "-keystore", keys, "-storepass", PASSWORD, "-file", cert);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert,
                "-keystore", trustStore(name).toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) {
        var cmd = new ArrayList<String>(List.of(KEYTOOL));
        cmd.addAll(List.of(args));
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(Delays.seconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("keytool did not finish: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("keytool failed (" + p.exitValue() + "): " + cmd + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Path directory() {
        return directory;
    }

    public Path keyStore(String name) {
        return directory.resolve(name + "-keys.p12");
    }

    public Path trustStore(String name) {
        return directory.resolve(name + "-trust.p12");
    }

    /** Presents {@code presents}' certificate and trusts only {@code trusts}' one. */
    public TlsConfig.Builder config(String presents, String trusts) {
        return TlsConfig.builder()
                .keyStore(keyStore(presents), PASSWORD.toCharArray())
                .trustStore(trustStore(trusts), PASSWORD.toCharArray());
    }

    /** A client that trusts only {@code trusts}' certificate and presents none. */
    public TlsConfig.Builder clientTrusting(String trusts) {
        return TlsConfig.builder().trustStore(trustStore(trusts), PASSWORD.toCharArray());
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
