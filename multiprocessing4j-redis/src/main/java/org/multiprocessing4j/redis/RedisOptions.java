package org.multiprocessing4j.redis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the Redis-protocol server (Redis 6.2 or newer, Valkey) and which session to join:
 * the address ({@code redis://host:port} or {@code rediss://host:port} for TLS), the ACL user and
 * password, the trust store that verifies the server's certificate, the authkey that signs task
 * and result envelopes, the session name, and how long a silent server is waited for.
 *
 * <p>Immutable and thread-safe; made with {@link #builder()}. Every key the library writes starts
 * with {@code mp4j:<session>:}, so an ACL user limited to {@code ~mp4j:*} (see
 * docs/DISTRIBUTED.md) is enough. Contexts and agents of the same session share the objects made
 * by name and the pool's work; an agent serves one session.
 */
public final class RedisOptions {

    /** Session names go into key names: letters, digits, '-', '_' and '.'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final URI address;
    private final String user;
    private final char[] password;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final byte[] authkey;
    private final String session;
    private final Duration serverTimeout;
    private final Duration leaseTtl;
    private final List<String> allowedClasses;

    private RedisOptions(Builder b) {
        address = b.address;
        user = b.user;
        password = b.password == null ? null : b.password.clone();
        trustStore = b.trustStore;
        trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
        authkey = b.authkey.clone();
        session = b.session;
        serverTimeout = b.serverTimeout;
        leaseTtl = b.leaseTtl;
        allowedClasses = List.copyOf(b.allowedClasses);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code redis://host:port} or {@code rediss://host:port}. */
    public URI address() {
        return address;
    }

    /** The ACL user, or null for the default user. */
    public String user() {
        return user;
    }

    /** A copy of the password, or null when the server needs none. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** The PKCS#12 or JKS trust store that verifies the server's certificate, or null. */
    public Path trustStore() {
        return trustStore;
    }

    /** A copy of the trust store's password, or null. */
    public char[] trustStorePassword() {
        return trustStorePassword == null ? null : trustStorePassword.clone();
    }

    /** A copy of the key that signs task and result envelopes (HMAC-SHA256). */
    public byte[] authkey() {
        return authkey.clone();
    }

    /** The session name: the second part of every key. */
    public String session() {
        return session;
    }

    /**
     * How long an operation waits for a server that does not answer before it fails with
     * {@link SessionLostException}; also the bound on reconnection attempts.
     */
    public Duration serverTimeout() {
        return serverTimeout;
    }

    /**
     * The life of a lease key without renewal: a party (context or agent) that has not renewed
     * its lease for this long is dead to the others, and its in-flight work is reaped. Leases are
     * renewed every third of it.
     */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /**
     * Classes (or {@code com.example.*} packages) that values read from queues, dicts and lists
     * may contain, beyond {@code java.lang.*}, {@code java.util.*}, {@code java.time.*} and
     * {@code java.math.*}.
     */
    public List<String> allowedClasses() {
        return allowedClasses;
    }

    @Override
    public String toString() { // no secrets
        return "RedisOptions[address=" + address + ", user=" + user + ", session=" + session
                + ", serverTimeout=" + serverTimeout + ", leaseTtl=" + leaseTtl + "]";
    }

    /** Builds {@link RedisOptions}; {@link #address(String)} and {@link #authkey(byte[])} are required. */
    public static final class Builder {
        private URI address;
        private String user;
        private char[] password;
        private Path trustStore;
        private char[] trustStorePassword;
        private byte[] authkey;
        private String session = "default";
        private Duration serverTimeout = Duration.ofSeconds(5);
        private Duration leaseTtl = Duration.ofSeconds(3);
        private final List<String> allowedClasses = new ArrayList<>();

        private Builder() {}

        /** {@code redis://host:port} or {@code rediss://host:port} (TLS). */
        public Builder address(String uri) {
            Objects.requireNonNull(uri, "uri");
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("address must be redis://host:port or rediss://host:port: address=" + uri, e);
            }
            if (!("redis".equals(u.getScheme()) || "rediss".equals(u.getScheme())) || u.getHost() == null || u.getPort() <= 0) {
                throw new IllegalArgumentException("address must be redis://host:port or rediss://host:port: address=" + uri);
            }
            if (u.getUserInfo() != null) {
                throw new IllegalArgumentException("address must not carry credentials (use user(..) and password(..)): address="
                        + u.getScheme() + "://…@" + u.getHost() + ":" + u.getPort());
            }
            address = u;
            return this;
        }

        /** The ACL user (null: the default user). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password of the user (copied). */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** A trust store (PKCS#12 or JKS) holding the CA that signed the server's certificate; needs {@code rediss://}. */
        public Builder trustStore(Path path, char[] password) {
            Objects.requireNonNull(path, "path");
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("trustStore must be a readable file: trustStore=" + path);
            }
            trustStore = path;
            trustStorePassword = password == null ? null : password.clone();
            return this;
        }

        /** The key that signs envelopes; every context and agent of the session needs the same (copied). */
        public Builder authkey(byte[] authkey) {
            Objects.requireNonNull(authkey, "authkey");
            if (authkey.length < 16) {
                throw new IllegalArgumentException("authkey must have at least 16 bytes: authkey.length=" + authkey.length);
            }
            this.authkey = authkey.clone();
            return this;
        }

        /** The session: objects made by name are shared by every context of the same session. */
        public Builder session(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("session must be 1-64 of [A-Za-z0-9_.-]: session=" + name);
            }
            session = name;
            return this;
        }

        /** How long a silent server is waited for before operations fail (default 5 s). */
        public Builder serverTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 100) {
                throw new IllegalArgumentException("serverTimeout must be >= 100 ms: serverTimeout=" + timeout);
            }
            serverTimeout = timeout;
            return this;
        }

        /** The lease life of contexts and agents (default 3 s): dead parties are detected within it plus a third. */
        public Builder leaseTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toMillis() < 300) {
                throw new IllegalArgumentException("leaseTtl must be >= 300 ms: leaseTtl=" + ttl);
            }
            leaseTtl = ttl;
            return this;
        }

        /** Classes or {@code com.example.*} packages values may contain (see {@link RedisOptions#allowedClasses()}). */
        public Builder allowClasses(String... patterns) {
            allowedClasses.addAll(Arrays.asList(patterns));
            return this;
        }

        public RedisOptions build() {
            if (address == null) {
                throw new IllegalStateException("address is required: call address(\"redis://host:port\")");
            }
            if (authkey == null) {
                throw new IllegalStateException("authkey is required: call authkey(..) with the key every agent has");
            }
            if (trustStore != null && !"rediss".equals(address.getScheme())) {
                throw new IllegalStateException("a trustStore needs a rediss:// address: address=" + address);
            }
            return new RedisOptions(this);
        }
    }
}
