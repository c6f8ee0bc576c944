package org.multiprocessing4j.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for a test: bound to 127.0.0.1 on a free port, no persistence,
 * stopped by {@link #close()}. The binary is {@code redis-server} from the PATH when there is
 * one, else the linux x86_64 build (Redis 6.2) that the test-scoped artifact
 * {@code com.github.codemonstur:embedded-redis} carries in its jar, extracted once under
 * {@code target/} of the working directory: so {@code ./mvnw verify} runs these tests on a
 * machine with nothing installed. Public, and in this module's test jar, for the benchmarks'
 * {@code RedisWorkloads}, which start their server the same way.
 */
public final class RedisServer implements AutoCloseable {

    /** The binary inside the embedded-redis jar (Redis 6.2.11, links libssl 3: TLS available). */
    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    private final List<String> extra;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, List<String> extra) throws IOException {
        this.port = port;
        this.extra = List.copyOf(extra);
        this.log = Files.createTempFile("mp4j-redis-", ".log");
    }

    /** Starts a server with extra arguments ({@code --requirepass x}, ...). */
    public static RedisServer start(String... extraArgs) throws IOException {
        var s = new RedisServer(freePort(), List.of(extraArgs));
        s.startProcess();
        return s;
    }

    /** Starts a server listening only on TLS (its port is {@link #port()}). */
    static RedisServer startTls(Path cert, Path key, Path ca, String... extraArgs) throws IOException {
        var args = new ArrayList<>(List.of("--tls-port", "", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
        args.addAll(List.of(extraArgs));
        var s = new RedisServer(freePort(), args);
        s.startProcess();
        return s;
    }

    private boolean tls() {
        return extra.contains("--tls-port");
    }

    /** Starts (again, after {@link #kill()}) on the same port, empty. */
    void startProcess() throws IOException {
        var cmd = new ArrayList<>(List.of(binary().toString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", log.toString()));
        if (tls()) {
            cmd.addAll(List.of("--port", "0"));
            var e = new ArrayList<>(extra);
            e.set(e.indexOf("--tls-port") + 1, Integer.toString(port));
            cmd.addAll(e);
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port)));
            cmd.addAll(extra);
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException("redis-server did not answer within 20 s on port " + port);
            }
            try {
                process.waitFor(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private boolean answers() {
        if (tls()) { // a TLS port cannot be asked in clear text: it is up once it accepts
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return Files.readString(log).contains("Ready to accept connections");
            } catch (IOException e) {
                return false;
            }
        }
        try {
            String r = command("PING");
            return r.startsWith("+") || r.startsWith("-");
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String uri() {
        return (tls() ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Sends one command (arguments without spaces) as the default user, or after AUTH with
     * {@code auth} (user, password), and returns the first reply line.
     */
    String command(String... args) throws IOException {
        return commandAs(null, args);
    }

    String commandAs(String[] auth, String... args) throws IOException {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (auth != null) {
                out.write(resp(new String[] {"AUTH", auth[0], auth[1]}));
                readLine(in);
            }
            out.write(resp(args));
            out.flush();
            return readLine(in);
        }
    }

    private static byte[] resp(String[] args) {
        var sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Every key name (KEYS *, as the default user: only for a test's small database). */
    List<String> keys() throws IOException {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            s.getOutputStream().write(resp(new String[] {"KEYS", "*"}));
            InputStream in = s.getInputStream();
            int n = Integer.parseInt(readLine(in).substring(1));
            var out = new ArrayList<String>();
            for (int i = 0; i < n; i++) {
                readLine(in);
                out.add(readLine(in));
            }
            return out;
        }
    }

    /** The number of keys in the server's database 0. */
    long dbsize() throws IOException {
        return Long.parseLong(command("DBSIZE").substring(1));
    }

    /** SIGKILL; the server can be started again, empty, with {@link #startProcess()}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file: best effort
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static Path cached;

    /** redis-server from the PATH, else the bundled one (extracted once). */
    public static synchronized Path binary() throws IOException {
        if (cached != null) {
            return cached;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(p)) {
                return cached = p;
            }
        }
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("no redis-server on the PATH and no " + BUNDLED
                        + " on the test class path (the com.github.codemonstur:embedded-redis test dependency)");
            }
            Path dir = Path.of("target", "redis-bin");
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "redis-server", ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path target = dir.resolve("redis-server");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return cached = target.toAbsolutePath();
        }
    }
}
