package org.multiprocessing4j.examples;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar the build makes of the examples (a user's fat jar) runs with {@code java -jar}
 * and no flags: a process, and a pool whose tasks talk through a manager, start from it, and its manifest
 * ({@code Enable-Native-Access}) spares the user the JDK's native-access warning.
 */
class FatJarIT {

    @Test
    void theShadedJarStartsProcessesAPoolAndAManager() throws Exception {
        Path jar = Path.of(System.getProperty("fatJar"));
        assertTrue(Files.isRegularFile(jar), "the build makes " + jar);
        Path out = Files.createTempFile("fat-jar-", ".out");
        Path err = Files.createTempFile("fat-jar-", ".err");
        try {
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var p = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "hello", "manager-queue"))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("java -jar " + jar + " still running after 300 s");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            String both = "--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
            assertEquals(0, p.exitValue(), both);
            assertTrue(stdout.contains("ended with exit code 0"), both);
            assertTrue(stdout.contains("Tour finished."), both);
            assertFalse(stderr.contains("restricted method"), "Enable-Native-Access in the manifest: " + both);
            assertFalse(stderr.contains("ClassNotFoundException"), both);
            assertFalse(stderr.contains("Could not find or load main class"), both);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
