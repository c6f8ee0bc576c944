package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.spawn.ControlServer;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.sharedmemory.SharedMemory;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.LocalUser;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several users on one machine (issue 17): each test makes a second local user
 * ({@link LocalUser}, skipped with the reason printed where that is impossible) and checks what
 * that user can and cannot do to this user's session, named blocks and sockets.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class OtherUserTest {

    @Test
    void aSecondUserWorksBesideTheFirstAndCannotReadItsMemoryOrReachItsSockets() throws IOException {
        try (var other = LocalUser.create()) {
            var lock = Multiprocessing.lock();
            Path socket = ControlServer.get().socket();
            Path session = Session.directory();
            Path root = Session.rootDirectory();
            assertEquals(session.getParent(), root);
            assertTrue(root.getFileName().toString().endsWith("-0"), "a per-user root: " + root);
            assertPrivate(root, 0700);
            assertPrivate(session, 0700);
            // not the default mp4j- prefix: the leak checks of other test JVMs on this machine remove those
            try (var block = SharedMemory.create("mp4jou-" + Long.toHexString(System.nanoTime()), 64)) {
                try {
                    block.buffer().putLong(0, 0x5ec12e7L);
                    Path file = Path.of("/dev/shm", block.name());
                    assertPrivate(file, 0600);
                    try (Stream<Path> files = Files.list(session)) {
                        for (Path p : files.toList()) {
                            int mode = mode(p) & 0777;
                            assertEquals(0, mode & 077, p + " has mode " + Integer.toOctalString(mode));
                        }
                    }
                    assertEquals(0, mode(socket) & 077, "the control socket: " + Integer.toOctalString(mode(socket)));

                    var read = other.run("cat", file.toString());
                    assertNotEquals(0, read.code(), "the other user read the named block: " + read.output());
                    assertTrue(read.output().contains("Permission denied"), read.output());
                    var list = other.run("ls", session.toString());
                    assertNotEquals(0, list.code(), "the other user listed the session: " + list.output());

                    var jvm = other.java(OtherUserScenario.class, List.of());
                    assertEquals(0, jvm.code(), "the second user's JVM:\n" + jvm.output());
                    assertTrue(jvm.output().contains("ok"), jvm.output());
                    Path theirs = Path.of(jvm.output().lines().filter(l -> l.startsWith("session="))
                            .findFirst().orElseThrow().substring("session=".length()));
                    assertEquals(Path.of("/dev/shm", "multiprocessing4j-" + other.uid()), theirs.getParent());
                    assertFalse(Files.exists(theirs.getParent()), "the second user's root goes when its last session does");
                } finally {
                    block.unlink();
                }
            }
            lock.acquire();
            lock.release();
        }
    }

    @Test
    void aSessionRootAnotherUserControlsIsRefusedAndNothingInItIsDeleted() throws IOException {
        String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
        Path planted = Path.of("/dev/shm", "mp4jpl-" + tag);
        Path own = Path.of("/dev/shm", "mp4jown-" + tag);
        Path victim = Path.of("/dev/shm", "mp4jv-" + tag);
        try (var other = LocalUser.create()) {
            Files.writeString(victim, "the victim's file");
            // the attacker's root: world-writable, with a "stale session" whose ledger names the victim
            assertEquals(0, other.run("mkdir", "-m", "777", planted.toString()).code());
            Path stale = planted.resolve("999999999-0-abcdef");
            assertEquals(0, other.run("mkdir", "-m", "777", stale.toString()).code());
            assertEquals(0, other.run("sh", "-c", "echo " + victim + " > " + stale.resolve("named-segments-7")).code());
            assertEquals(0, other.run("ln", "-s", stale.toString(), planted.resolve("link").toString()).code());
            Files.createDirectory(own);
            Files.setPosixFilePermissions(own, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

            refused(planted, "owned by uid " + other.uid());
            refused(planted.resolve("link"), "not a directory");
            refused(own, "its mode is 0777");
            Path under = planted.resolve("mine");
            Files.createDirectory(under);
            Files.setPosixFilePermissions(under, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            refused(under, "the directory above it, " + planted);

            assertTrue(Files.exists(victim), "the planted ledger's file was deleted");
            assertTrue(Files.exists(stale.resolve("named-segments-7")), "the planted session was swept");
            try (Stream<Path> left = Files.list(planted)) {
                assertEquals(List.of("999999999-0-abcdef", "link", "mine"),
                        left.map(p -> p.getFileName().toString()).sorted().toList(), "nothing was added");
            }
            try (Stream<Path> left = Files.list(under)) {
                assertEquals(0, left.count(), "nothing was created under a refused root");
            }
        } finally {
            deleteTree(planted);
            deleteTree(own);
            Files.deleteIfExists(victim);
        }
    }

    private static void refused(Path sessionRoot, String why) {
        try (var jvm = RootJvm.start(OtherUserScenario.class, List.of("-D" + org.multiprocessing4j.internal.config.Configuration.SESSION_ROOT_PROP_NAME + "=" + sessionRoot))) {
            int code = jvm.waitFor(Delays.seconds(60));
            assertNotEquals(0, code, "used " + sessionRoot + ":\n" + jvm.stdout());
            assertTrue(jvm.stderr().contains("refusing to use the session root " + sessionRoot) && jvm.stderr().contains(why),
                    "expected a refusal saying '" + why + "':\n" + jvm.stderr());
        }
    }

    private static void assertPrivate(Path p, int expected) throws IOException {
        assertEquals(0, (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS), p + " is this user's");
        assertEquals(Integer.toOctalString(expected), Integer.toOctalString(mode(p) & 0777), p + "'s mode");
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
