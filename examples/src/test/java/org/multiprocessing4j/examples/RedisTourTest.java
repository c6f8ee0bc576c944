package org.multiprocessing4j.examples;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tour's Redis program as {@code ./mvnw -Ptour} runs it (a JVM on the tour's class path, the
 * provided Redis module and embedded-redis jar included), on a machine without a redis-server
 * on the PATH: it runs its program on a redis-server copied out of the embedded-redis jar, and
 * leaves neither the copy nor the server behind. Redisson's SLF4J calls find the tour's provider
 * (no "No SLF4J providers" notice in its output).
 */
class RedisTourTest {

    @Test
    void withoutARedisServerOnThePathTheTourRunsOnTheBundledOneAndRemovesIt() throws Exception {
        Path tmp = Files.createTempDirectory("redis-tour-test-");
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        try {
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow", "-Djava.io.tmpdir=" + tmp,
                    "-cp", System.getProperty("java.class.path"), "org.multiprocessing4j.examples.Tour", "redis"));
            var pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("PATH", pathWithoutRedisServer());
            var p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("the tour's redis program still running after 300 s");
            }
            String stdout = Files.readString(out);
            String both = "--- stdout:\n" + stdout + "\n--- stderr:\n" + Files.readString(err);
            assertEquals(0, p.exitValue(), both);
            assertTrue(stdout.contains("from the embedded-redis jar"), both);
            assertEquals(2, stdout.split("squared: \\[1, 4, 9]", -1).length - 1, "both halves ran: " + both);
            assertTrue(stdout.contains("Tour finished."), both);
            assertFalse(both.contains("No SLF4J providers were found"), "Redisson's logging has its provider: " + both);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("mp4j-tour-redis-")).toList(),
                        "the copy of redis-server is removed");
            }
            assertEquals(List.of(), ProcessHandle.allProcesses()
                    .filter(h -> h.info().command().map(c -> c.startsWith(tmp.toString())).orElse(false)).toList(),
                    "no redis-server of the tour is left running");
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** This JVM's PATH without the directories that hold a redis-server. */
    private static String pathWithoutRedisServer() {
        var kept = new ArrayList<String>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, "redis-server"))) {
                kept.add(dir);
            }
        }
        return String.join(File.pathSeparator, kept);
    }
}
