package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spawned child's link to its parent ({@link ControlProtocol}): its process comes on stdin
 * after the bootstrap, its reports go to a file, and it opens no socket.
 */
class SpawnedChildLinkTest {

    private static final byte[] KEY = new byte[32];

    @Test
    void aBootstrapCarriesItsPayloadAfterTheText() throws IOException {
        byte[] payload = {0, 1, 2, 0, (byte) 0xff};
        // a NUL in a value must not end the text early
        var b = new Bootstrap(KEY, "jdk", 42, "Main\0Process", "name\nwith\0breaks", Path.of("/s"), "spawn",
                true, true, Path.of("/s/rep-42-7"), payload);
        var out = new ByteArrayOutputStream();
        b.writeTo(out);
        var read = Bootstrap.readFrom(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("Main\0Process", read.parentName());
        assertEquals("name\nwith\0breaks", read.processName());
        assertEquals(Path.of("/s/rep-42-7"), read.reports());
        assertArrayEquals(payload, read.payload());
        assertTrue(read.deathSignalArmed());
    }

    @Test
    void aBootstrapWithoutItsReportsFileOrItsPayloadIsRefused() {
        assertThrows(NullPointerException.class, () -> new Bootstrap(KEY, "jdk", 42, "?", "p", Path.of("/s"), "spawn",
                false, false, null, new byte[0]));
        byte[] noPayload = "version=3\nreports=/s/rep\n".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(IOException.class, () -> Bootstrap.readFrom(new ByteArrayInputStream(noPayload)));
        assertTrue(e.getMessage().contains("no payload after the text"), e.getMessage());
        byte[] noReports = "version=3\n\0x".getBytes(StandardCharsets.UTF_8);
        e = assertThrows(IOException.class, () -> Bootstrap.readFrom(new ByteArrayInputStream(noReports)));
        assertTrue(e.getMessage().contains("no reports file"), e.getMessage());
    }

    /**
     * A payload far larger than a pipe's buffer goes to a child whose JVM cannot read yet (held
     * at start-up by HotSpot's {@code PauseAtStartup} until its pause file is removed):
     * {@code start()} returns all the same, and the payload arrives whole once the JVM runs.
     */
    @Test
    void aLargePayloadDoesNotHoldStartWhileTheChildCannotRead(@TempDir Path tmp) throws Exception {
        Path pause = tmp.resolve("vm.paused");
        byte[] big = new byte[4 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        var p = Process.builder().jvmArgs("-XX:+UnlockDiagnosticVMOptions", "-XX:+PauseAtStartup",
                "-XX:PauseAtStartupFile=" + pause).target(() -> System.exit(intact(big) ? 0 : 3)).build();
        assertTimeoutPreemptively(Delays.seconds(30), p::start, "start() waited for the child to read its payload");
        Await.until("the child's JVM is paused", Delays.childLifetime(), () -> Files.exists(pause));
        assertFalse(p.join(java.time.Duration.ofMillis(200)), "the paused child ended");
        Files.delete(pause);
        assertTrue(p.join(Delays.childLifetime()));
        assertEquals(0, p.exitCode(), "the payload arrived damaged");
    }

    static boolean intact(byte[] b) {
        if (b.length != 4 << 20) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] != (byte) (i * 31)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The point of the file: a spawned child never sets up the JDK's Unix-domain sockets (their
     * first use costs a child 14-25 ms of JCA set-up), and its reports are gone once it is joined.
     */
    @Test
    void aSpawnedChildOpensNoSocketAndItsReportsFileIsRemoved(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("child-init.log");
        var p = Process.builder().jvmArgs("-Xlog:class+init=info:file=" + log)
                .target(() -> System.exit(3)).build();
        p.start();
        assertTrue(p.join(Delays.childLifetime()));
        assertEquals(3, p.exitCode());
        String init = Files.readString(log);
        assertTrue(init.contains("org/multiprocessing4j/internal/spawn/ChildMain"), "the log covers the child");
        assertFalse(init.contains("sun/nio/ch/UnixDomainSockets"), "the child opened a Unix-domain socket");
        try (var files = Files.list(Session.existing())) {
            String mine = SpawnPopen.REPORTS_PREFIX + p.pid() + "-";
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith(mine)).count(), "its reports file is left");
        }
    }
}
