package org.multiprocessing4j.testing;

import org.multiprocessing4j.connection.TlsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
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

    /**
     * The key pair and its self-signed certificate come from {@code keytool -genkeypair} (the JDK
     * has no public API to sign a certificate); exporting the certificate and importing it into
     * the trust store is done here with {@link KeyStore}, as keytool's {@code -exportcert} and
     * {@code -importcert} do, which spares two of every three keytool JVMs.
     */
    private void identity(String name, String san) {
        String keys = keyStore(name).toString();
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name + ", O=multiprocessing4j tests", "-ext", "san=" + san,
                "-keystore", keys, "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        try {
            var keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore(name))) {
                keyStore.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = keyStore.getCertificate(name);
            Files.write(directory.resolve(name + ".cer"), cert.getEncoded());
            var trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(name, cert);
            try (var out = Files.newOutputStream(trustStore(name))) {
                trust.store(out, PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot export " + name + "'s certificate into its trust store", e);
        }
    }

    private static void keytool(String... args) {
        var cmd = new ArrayList<String>(List.of(KEYTOOL, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // a short run: C1 only
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
