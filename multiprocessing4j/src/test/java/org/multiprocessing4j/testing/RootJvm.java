package org.multiprocessing4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate root JVM running a {@code main} of the test class path, for what a test cannot do
 * to its own JVM: exit it normally, kill it with {@code kill -9}, read its stderr.
 */
public final class RootJvm implements AutoCloseable {

    private final java.lang.Process process;
    private final Path out;
    private final Path err;

    private RootJvm(java.lang.Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static RootJvm start(Class<?> main, List<String> jvmArgs, String... args) {
        return start(List.of(), main, jvmArgs, args);
    }

    /**
     * The same JVM, started by {@code wrapper} (which then runs the {@code java} command, e.g.
     * {@code ip netns exec <namespace>}); an empty wrapper starts it directly.
     */
    public static RootJvm start(List<String> wrapper, Class<?> main, List<String> jvmArgs, String... args) {
        try {
            Path out = Files.createTempFile("mp4j-root-", ".out");
            Path err = Files.createTempFile("mp4j-root-", ".err");
            var cmd = new ArrayList<String>(wrapper);
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(main.getName());
            cmd.addAll(List.of(args));
            var p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new RootJvm(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RootJvm start(Class<?> main, String... args) {
        return start(main, List.of(), args);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the JVM to exit and returns its status. */
    public int waitFor(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("root JVM " + pid() + " still running after " + limit + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether the JVM exits within {@code limit}; for checking that it does <em>not</em>. */
    public boolean exitsWithin(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public void kill() {
        process.destroyForcibly();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** Writes {@code line} to the JVM's stdin, for a scenario that waits for its next step there. */
    public void tell(String line) {
        try {
            var in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until stdout holds a line starting with {@code prefix} and returns the rest of it. */
    public String awaitLine(String prefix, Duration limit) {
        Await.until("root JVM prints '" + prefix + "'", limit,
                () -> stdout().lines().anyMatch(l -> l.startsWith(prefix)) || !process.isAlive());
        return stdout().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("root JVM exited without printing '" + prefix
                        + "'; stdout:\n" + stdout() + "\nstderr:\n" + stderr()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
