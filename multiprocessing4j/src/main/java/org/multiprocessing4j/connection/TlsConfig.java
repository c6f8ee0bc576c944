package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.connection.TlsContexts;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings for TCP connections: a {@link Listener} or a manager's server presents the
 * certificate of its key store, a {@link Client} verifies it against its trust store (and, by
 * default, that it names the host it connected to). TLS runs underneath the authkey
 * handshake, which still authenticates both sides: TLS adds confidentiality and integrity on
 * the network and proves the server's identity by its certificate.
 *
 * <pre>{@code
 * TlsConfig server = TlsConfig.builder().keyStore(Path.of("server.p12"), password).build();
 * TlsConfig client = TlsConfig.builder().trustStore(Path.of("trust.p12"), password).build();
 * try (var listener = new Listener(new InetSocketAddress(5000), key, server)) { ... }
 * Connection c = Client.connect(new InetSocketAddress("db-host", 5000), key, client);
 * }</pre>
 *
 * <p>One configuration may serve both sides (a manager's server and its clients use the same
 * one): with a key store and a trust store, it presents the key store's certificate when
 * accepting and verifies the peer against the trust store when connecting. Without a trust
 * store a client trusts what the JVM trusts by default ({@code cacerts}). A server asks for a
 * client certificate only with {@link Builder#requireClientCertificate(boolean)} (mutual TLS);
 * the client then presents its own key store's certificate. Protocols: TLSv1.3 and TLSv1.2
 * unless {@link Builder#protocols} says otherwise.
 *
 * <p>{@link Builder#build()} opens both stores with their passwords, so a missing file, a wrong
 * password or a file of another store type fails there, naming the argument.
 *
 * <p>Immutable and thread-safe. Serialisable, so that a manager proxy carries it to the
 * processes it travels to: what travels is the paths and passwords, not the key material, so
 * the files must be readable at the same paths where the configuration arrives (true for
 * children on the same machine; on another machine, build a configuration there). The
 * passwords travel only inside this library's authenticated channels, like an authkey that a
 * proxy carries. {@link #toString()} does not show them.
 */
public final class TlsConfig implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The protocols used unless {@link Builder#protocols} says otherwise. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The store type used unless {@link Builder#storeType} says otherwise. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    private final String keyStore;        // null: presents no certificate
    private final char[] keyStorePassword;
    private final String trustStore;      // null: the JVM's default trust
    private final char[] trustStorePassword;
    private final String storeType;
    private final boolean hostnameVerification;
    private final boolean requireClientCertificate;
    private final List<String> protocols;

    static {
        TlsContexts.install(TlsConfig::newContext);
    }

    private TlsConfig(Builder b) {
        this.keyStore = b.keyStore == null ? null : b.keyStore.toAbsolutePath().toString();
        this.keyStorePassword = b.keyStorePassword;
        this.trustStore = b.trustStore == null ? null : b.trustStore.toAbsolutePath().toString();
        this.trustStorePassword = b.trustStorePassword;
        this.storeType = b.storeType;
        this.hostnameVerification = b.hostnameVerification;
        this.requireClientCertificate = b.requireClientCertificate;
        this.protocols = b.protocols;
    }

    /** A new builder: no stores, hostname verification on, TLSv1.3 and TLSv1.2, PKCS12 stores. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link TlsConfig}; not thread-safe. */
    public static final class Builder {
        private Path keyStore;
        private char[] keyStorePassword;
        private Path trustStore;
        private char[] trustStorePassword;
        private String storeType = DEFAULT_STORE_TYPE;
        private boolean hostnameVerification = true;
        private boolean requireClientCertificate;
        private List<String> protocols = DEFAULT_PROTOCOLS;

        private Builder() {}

        /**
         * The key store holding this side's private key and certificate chain (one key entry,
         * whose key password is the store's): required to accept TLS connections, and to
         * connect to a server that requires a client certificate.
         */
        public Builder keyStore(Path keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePassword = Objects.requireNonNull(password, "keyStorePassword").clone();
            return this;
        }

        /**
         * The trust store holding the certificates (or the CA certificates) this side accepts
         * from its peer; without one, the JVM's default trust applies.
         */
        public Builder trustStore(Path trustStore, char[] password) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            this.trustStorePassword = Objects.requireNonNull(password, "trustStorePassword").clone();
            return this;
        }

        /** The type of both stores: {@code "PKCS12"} (default) or {@code "JKS"}. */
        public Builder storeType(String storeType) {
            Objects.requireNonNull(storeType, "storeType");
            try {
                KeyStore.getInstance(storeType);
            } catch (KeyStoreException e) {
                throw new IllegalArgumentException("storeType is not a key store type of this JVM: storeType='"
                        + storeType + "' (use PKCS12 or JKS)", e);
            }
            this.storeType = storeType;
            return this;
        }

        /**
         * Whether a client checks that the server's certificate names the host it connected to
         * (a DNS name or IP address in its subject alternative names); default true. Turn it
         * off only when the trust store holds exactly the certificates you mean to accept.
         */
        public Builder hostnameVerification(boolean on) {
            this.hostnameVerification = on;
            return this;
        }

        /** Whether a server requires a certificate from its clients, checked against its trust store; default false. */
        public Builder requireClientCertificate(boolean on) {
            this.requireClientCertificate = on;
            return this;
        }

        /** The TLS protocol versions to enable, e.g. {@code "TLSv1.3"}; default TLSv1.3 and TLSv1.2. */
        public Builder protocols(String... protocols) {
            Objects.requireNonNull(protocols, "protocols");
            if (protocols.length == 0) {
                throw new IllegalArgumentException("protocols must not be empty: protocols=[]");
            }
            for (String p : protocols) {
                if (!"TLSv1.3".equals(p) && !"TLSv1.2".equals(p)) {
                    throw new IllegalArgumentException("protocols may be TLSv1.3 and TLSv1.2 only: protocols="
                            + Arrays.toString(protocols));
                }
            }
            this.protocols = List.of(protocols);
            return this;
        }

        /**
         * The configuration, after opening the stores to check them.
         *
         * @throws IllegalArgumentException if a store file is missing or unreadable, its password
         *         is wrong, it is not of the store type, or the key store holds no private key
         */
        public TlsConfig build() {
            if (keyStore != null) {
                KeyStore ks = load("keyStore", keyStore, keyStorePassword, storeType);
                if (!hasKeyEntry(ks)) {
                    throw new IllegalArgumentException("keyStore holds no private key entry: keyStore=" + keyStore);
                }
            }
            if (trustStore != null) {
                load("trustStore", trustStore, trustStorePassword, storeType);
            }
            return new TlsConfig(this);
        }
    }

    /** The key store's path, or null. */
    public Path keyStore() {
        return keyStore == null ? null : Path.of(keyStore);
    }

    /** The trust store's path, or null (the JVM's default trust). */
    public Path trustStore() {
        return trustStore == null ? null : Path.of(trustStore);
    }

    public String storeType() {
        return storeType;
    }

    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    public boolean requireClientCertificate() {
        return requireClientCertificate;
    }

    public List<String> protocols() {
        return protocols;
    }

    /** Builds the JSSE context this configuration describes (called once per configuration and JVM). */
    private static SSLContext newContext(TlsConfig c) {
        try {
            KeyManagerFactory keys = null;
            if (c.keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load("keyStore", Path.of(c.keyStore), c.keyStorePassword, c.storeType), c.keyStorePassword);
            }
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(c.trustStore == null ? null : load("trustStore", Path.of(c.trustStore), c.trustStorePassword, c.storeType));
            var context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the private key in keyStore cannot be recovered with keyStorePassword"
                    + " (the key's password must be the store's): keyStore=" + c.keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + c + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String argument, Path file, char[] password, String type) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("storeType is not a key store type of this JVM: storeType='" + type + "'", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
            return ks;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(argument + " does not exist: " + argument + "=" + file, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(argument + "Password is wrong for " + argument + ": "
                        + argument + "=" + file, e);
            }
            throw new IllegalArgumentException(argument + " cannot be read as a " + type + " store (wrong password, "
                    + "another store type, or not a key store): " + argument + "=" + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(argument + " cannot be read as a " + type + " store: " + argument + "="
                    + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasKeyEntry(KeyStore ks) {
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsConfig t
                && Objects.equals(keyStore, t.keyStore) && Arrays.equals(keyStorePassword, t.keyStorePassword)
                && Objects.equals(trustStore, t.trustStore) && Arrays.equals(trustStorePassword, t.trustStorePassword)
                && storeType.equals(t.storeType) && hostnameVerification == t.hostnameVerification
                && requireClientCertificate == t.requireClientCertificate && protocols.equals(t.protocols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyStore, trustStore, storeType, hostnameVerification, requireClientCertificate, protocols);
    }

    /** The settings without the passwords. */
    @Override
    public String toString() {
        return "TlsConfig[keyStore=" + keyStore + ", trustStore=" + (trustStore == null ? "(JVM default)" : trustStore)
                + ", storeType=" + storeType + ", hostnameVerification=" + hostnameVerification
                + ", requireClientCertificate=" + requireClientCertificate + ", protocols=" + protocols + "]";
    }
}
