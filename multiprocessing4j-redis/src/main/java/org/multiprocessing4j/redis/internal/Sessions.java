package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.internal.os.OwnerOnly;
import org.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.multiprocessing4j.redis.RedisOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a Redis object that travelled to another process finds its server: the sessions of this
 * JVM by name. A context or an agent {@link #register}s its session and writes its options to
 * a file of the process tree's session directory (mode 0600 in the user's 0700 directory, the
 * way children already receive their bootstrap), so that a child JVM of the same tree on the
 * same host (a spawned child, an agent's worker or process) can {@link #forHandle connect}
 * without any secret in the object itself: the password and authkey never travel through Redis,
 * a command line or a log, and a handle carries only the session's name.
 *
 * <p>A session opened here for handles is a {@link Session#GUEST guest}: it holds no lease and
 * does not keep the session alive; it is closed when this JVM exits. Thread-safe.
 */
public final class Sessions {

    private static final Map<String, Session> BY_NAME = new ConcurrentHashMap<>();
    private static final Object OPENING = new Object();

    private Sessions() {}

    /** Makes {@code session} the one that handles of its name use in this JVM, and publishes its options to children. */
    public static void register(Session session) {
        BY_NAME.put(session.options().session(), session);
        try {
            write(file(session.options().session()), session.options()); // the latest program of the session wins
        } catch (IOException | RuntimeException e) {
            System.getLogger(Sessions.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot publish the Redis options of session '" + session.options().session()
                            + "' to child processes (Redis objects passed to them will not connect): " + e.getMessage());
        }
    }

    /** Forgets {@code session} (it was closed). */
    public static void unregister(Session session) {
        BY_NAME.remove(session.options().session(), session);
    }

    /**
     * The session of this JVM named {@code name}, opened from the options its process tree
     * published if this JVM has none yet.
     *
     * @throws MultiprocessingException if no program of this process tree on this host
     *         published options for that session
     */
    public static Session forHandle(String name) {
        Session s = BY_NAME.get(name);
        if (s != null && s.isOpen()) {
            return s;
        }
        synchronized (OPENING) {
            s = BY_NAME.get(name);
            if (s != null && s.isOpen()) {
                return s;
            }
            RedisOptions options = read(name);
            Session opened = Session.open(options, Session.GUEST, 8, null);
            BY_NAME.put(name, opened);
            // The client's threads are not daemons: a child must not wait for them, and its exit closes them.
            SpawnRuntime.addServiceThreads(t -> t.getName().startsWith("redisson-"));
            SpawnRuntime.onExit(SpawnRuntime.Phase.FINALIZERS, opened::close);
            return opened;
        }
    }

    private static Path file(String session) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return org.multiprocessing4j.internal.spawn.Session.directory()
                    .resolve("redis-" + HexFormat.of().formatHex(h, 0, 8) + ".options");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void write(Path file, RedisOptions o) throws IOException {
        var p = new Properties();
        p.setProperty("address", o.address().toString());
        p.setProperty("session", o.session());
        p.setProperty("authkey", Base64.getEncoder().encodeToString(o.authkey()));
        p.setProperty("serverTimeoutMs", Long.toString(o.serverTimeout().toMillis()));
        p.setProperty("leaseTtlMs", Long.toString(o.leaseTtl().toMillis()));
        p.setProperty("allowClasses", String.join(",", o.allowedClasses()));
        if (o.user() != null) {
            p.setProperty("user", o.user());
        }
        if (o.password() != null) {
            p.setProperty("password", new String(o.password()));
        }
        if (o.trustStore() != null) {
            p.setProperty("trustStore", o.trustStore().toString());
            if (o.trustStorePassword() != null) {
                p.setProperty("trustStorePassword", new String(o.trustStorePassword()));
            }
        }
        Path tmp = Files.createTempFile(file.getParent(), "redis-", ".tmp", OwnerOnly.fileAttribute());
        try (var out = Files.newOutputStream(tmp)) {
            p.store(out, null);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static RedisOptions read(String session) {
        Path file = file(session);
        var p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new MultiprocessingException("a Redis object of session '" + session + "' reached a process that cannot "
                    + "connect to its server: no program of this process tree on this host connected to that session "
                    + "(pass Redis objects to processes started by a program that holds the RedisContext, or by an agent "
                    + "of the session)", e);
        }
        var b = RedisOptions.builder().address(p.getProperty("address")).session(p.getProperty("session"))
                .authkey(Base64.getDecoder().decode(p.getProperty("authkey")))
                .serverTimeout(Duration.ofMillis(Long.parseLong(p.getProperty("serverTimeoutMs"))))
                .leaseTtl(Duration.ofMillis(Long.parseLong(p.getProperty("leaseTtlMs"))));
        if (!p.getProperty("allowClasses", "").isEmpty()) {
            b.allowClasses(p.getProperty("allowClasses").split(","));
        }
        if (p.getProperty("user") != null) {
            b.user(p.getProperty("user"));
        }
        if (p.getProperty("password") != null) {
            b.password(p.getProperty("password").toCharArray());
        }
        if (p.getProperty("trustStore") != null) {
            String tp = p.getProperty("trustStorePassword");
            b.trustStore(Path.of(p.getProperty("trustStore")), tp == null ? null : tp.toCharArray());
        }
        return b.build();
    }
}
