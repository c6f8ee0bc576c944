package org.multiprocessing4j.examples;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * README's "one program run both ways": the same code on the spawn context (child JVMs) and on
 * a Redis context (the work on a host agent's worker JVMs), here on a {@code redis-server}
 * started on a free port of this host, with an agent in this JVM standing in for the agents
 * of other hosts. The server is the {@code redis-server} on the {@code PATH}, else the Redis
 * 6.2 build for this OS and CPU that the {@code com.github.codemonstur:embedded-redis} jar
 * carries (on the tour's class path: {@code ./mvnw -Ptour} runs this part on a machine with
 * nothing installed), copied into a private temporary directory for the run and removed after
 * it. Skipped, with the reason printed, when there is neither, or the Redis module is not on
 * the class path (the fat jar leaves both out).
 */
public final class RedisTour {

    private RedisTour() {}

    static int square(int x) {
        return x * x;
    }

    /** The program, written against {@link Context} only (README's example, unchanged). */
    static void run(Context ctx) {
        try (Pool pool = ctx.pool(4)) {
            Queue<String> log = ctx.queue();
            log.put("squared: " + pool.map(RedisTour::square, List.of(1, 2, 3)));
            System.out.println(log.get());                              // squared: [1, 4, 9]
        }
    }

    public static void main(String[] args) {
        System.out.println("-- on one machine (spawn): child JVMs");
        run(Multiprocessing.getContext("spawn"));

        try {
            Class.forName("org.multiprocessing4j.redis.RedisContext");
        } catch (ClassNotFoundException e) {
            System.out.println("-- on Redis: skipped, the multiprocessing4j-redis module is not on the class path");
            return;
        }
        Path server = onPath("redis-server");
        if (server != null) {
            OnRedis.run(server, server.toString());
            return;
        }
        String bundled = bundledName();
        if (bundled == null || RedisTour.class.getClassLoader().getResource(bundled) == null) {
            System.out.println("-- on Redis: skipped, no redis-server on the PATH" + (bundled == null
                    ? " and none bundled for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    : " and no embedded-redis jar on the class path") + " (install Redis 6.2+ or Valkey to see it)");
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mp4j-tour-redis-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path binary = dir.resolve("redis-server");
            try (InputStream in = RedisTour.class.getClassLoader().getResourceAsStream(bundled)) {
                Files.copy(in, binary);
            }
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
            OnRedis.run(binary, bundled + " from the embedded-redis jar");
        } catch (IOException e) {
            System.out.println("-- on Redis: skipped, could not copy " + bundled + " out of its jar: " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    /** The redis-server of the embedded-redis jar for this OS and CPU, or null if it has none. */
    private static String bundledName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            return x64 ? "redis-server-6.2.6-v5-linux-amd64" : arm64 ? "redis-server-6.2.7-linux-arm64" : null;
        }
        if (os.contains("mac")) {
            return x64 ? "redis-server-6.2.6-v5-darwin-amd64" : arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : null;
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** The executable {@code name} in a directory of the PATH, or null. */
    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The Redis half, in a class of its own: loaded only once the Redis module is known to be there. */
    private static final class OnRedis {

        static void run(Path binary, String what) {
            int port = freePort();
            Process server;
            try {
                server = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--daemonize", "no")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                System.out.println("-- on Redis: skipped, " + binary + " did not start: " + e.getMessage());
                return;
            }
            try {
                awaitListening(server, port);
                byte[] authkey = new byte[32];
                new SecureRandom().nextBytes(authkey);
                var options = org.multiprocessing4j.redis.RedisOptions.builder().address("redis://127.0.0.1:" + port)
                        .authkey(authkey).session("tour").build();
                System.out.println("-- on Redis (" + what + ", port " + port + "): the work runs on a host agent's worker JVMs");
                try (var agent = org.multiprocessing4j.redis.Agent.start(options, 2, "this-host");
                     var ctx = org.multiprocessing4j.redis.RedisContext.connect(options)) {
                    RedisTour.run(ctx);
                }
            } finally {
                server.destroy(); // the server this program started, and only it
                try {
                    if (!server.waitFor(10, TimeUnit.SECONDS)) {
                        server.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static int freePort() {
            try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Until the server accepts a connection (it binds within a fraction of a second), at most 20 s. */
        private static void awaitListening(Process server, int port) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try (var s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    if (!server.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("redis-server did not listen on port " + port
                                + (server.isAlive() ? " within 20 s" : ": it exited with " + server.exitValue()));
                    }
                    try {
                        Thread.sleep(50); // polling for the port to open
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            }
        }
    }
}
