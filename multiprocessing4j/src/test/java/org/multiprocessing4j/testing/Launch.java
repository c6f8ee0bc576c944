package org.multiprocessing4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program the way a user would (a real launcher: {@code java}, {@code jshell}, a forked
 * {@code mvn}) and gives back its exit status and output; kills it, and fails, if it outlives
 * the limit.
 */
public final class Launch {

    /** What a launched program did. */
    public record Outcome(int exitCode, String stdout, String stderr, Duration took) {
        public String describe() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private Launch() {}

    /** The flags README asks a user's JVM to run with. */
    public static final List<String> FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    /** A tool of the JDK running this test: {@code java}, {@code jshell}, {@code jar}. */
    public static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * The library's class path without the tests' own classes and test libraries: what a user's
     * program that depends on multiprocessing4j has.
     */
    public static String libraryClassPath() {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.contains("junit") && !e.contains("opentest4j")
                        && !e.contains("apiguardian"))
                .toList());
    }

    /**
     * Compiles {@code sources} (relative to {@code dir}) against the library into {@code out}, with
     * the JDK's compiler in this JVM (a javac JVM per call cost a JVM boot and a cold compiler each);
     * the {@code javac} launcher if this JVM has no compiler.
     */
    public static void compile(Path dir, Path out, String... sources) {
        var options = List.of("-d", out.toString(), "-cp", libraryClassPath(), "-proc:none");
        var javac = java.util.spi.ToolProvider.findFirst("javac");
        if (javac.isPresent()) {
            var args = new ArrayList<>(options);
            for (String s : sources) {
                args.add(dir.resolve(s).toString());
            }
            var output = new StringWriter();
            int status;
            try (var w = new PrintWriter(output)) {
                status = javac.get().run(w, w, args.toArray(String[]::new));
            }
            if (status != 0) {
                throw new AssertionError("javac failed (" + status + ") for " + Arrays.toString(sources) + ":\n" + output);
            }
            return;
        }
        var args = new ArrayList<>(List.of(jdkTool("javac")));
        args.addAll(options);
        args.addAll(List.of(sources));
        var o = run(args, dir, Map.of(), Delays.seconds(120));
        if (o.exitCode() != 0) {
            throw new AssertionError("javac failed for " + Arrays.toString(sources) + ": " + o.describe());
        }
    }

    /** Runs {@code command} in {@code dir} with {@code env} added, stdin closed, for at most {@code limit}. */
    public static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration limit) {
        try {
            Path out = Files.createTempFile("mp4j-launch-", ".out");
            Path err = Files.createTempFile("mp4j-launch-", ".err");
            try {
                var pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(env);
                long start = System.nanoTime();
                var p = pb.start();
                boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                var took = Duration.ofNanos(System.nanoTime() - start);
                if (!ended) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    throw new AssertionError(command + " still running after " + limit + "\n--- stdout:\n"
                            + Files.readString(out) + "\n--- stderr:\n" + Files.readString(err));
                }
                return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), took);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Deletes {@code dir} and everything under it. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
