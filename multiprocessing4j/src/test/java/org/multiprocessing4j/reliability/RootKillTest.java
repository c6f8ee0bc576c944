package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a root JVM that has started children, a grandchild and pool workers and
 * created session segments and named shared-memory blocks: no process of its tree survives, and
 * its session directory and named blocks are removed without any sweep by another root. The
 * root runs with a private session root, so no other JVM on the machine sweeps for it.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class RootKillTest {

    @Test
    void nothingOfAKilledRootSurvives() throws IOException {
        int rounds = Reliability.count(2, 10);
        var random = Reliability.random("root-kill");
        for (int round = 0; round < rounds; round++) {
            killOnce(2 + random.nextInt(2));
        }
    }

    private static void killOnce(int children) throws IOException {
        // short: the control socket's path inside it must fit a Unix-domain address (108 bytes)
        // private (0700), as the runtime requires of a session root
        Path sessionRoot = Files.createDirectory(Path.of("/dev/shm", "mp4jrel-" + Long.toHexString(System.nanoTime() & 0xffffff)),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        try (var root = RootJvm.start(RootKillScenario.class,
                List.of("-D" + Configuration.SESSION_ROOT_PROP_NAME + "=" + sessionRoot), String.valueOf(children))) {
            root.awaitLine("ready=", Delays.seconds(120));
            Path session = Path.of(root.awaitLine("session=", Delays.seconds(1)));
            var named = root.stdout().lines().filter(l -> l.startsWith("named=")).map(l -> l.substring(6)).toList();
            long[] pids = Arrays.stream(root.awaitLine("pids=", Delays.seconds(1)).split(","))
                    .mapToLong(Long::parseLong).toArray();
            assertTrue(pids.length >= children + 3, "children, a grandchild and two pool workers: " + pids.length);
            assertTrue(named.size() == 2, "two named blocks: " + named);
            named.forEach(n -> assertTrue(Files.exists(Path.of("/dev/shm", n)), n));
            try (var files = Files.list(session)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("seg-")), "session segments exist");
            }
            root.kill();
            root.waitFor(Delays.seconds(30));
            for (long pid : pids) {
                Await.processGone(pid, Delays.seconds(15));
            }
            Await.until("the session directory is removed", Delays.seconds(15), () -> !Files.exists(session));
            for (String n : named) {
                Await.until(n + " is unlinked (of " + named + ", the child's first)", Delays.seconds(15),
                        () -> !Files.exists(Path.of("/dev/shm", n)));
            }
        }
        // the runtime removes an emptied session root itself; anything in it is a leftover
        if (Files.exists(sessionRoot)) {
            try (var left = Files.list(sessionRoot)) {
                var stale = left.toList();
                assertTrue(stale.isEmpty(), "left in the private session root: " + stale);
            } finally {
                Files.deleteIfExists(sessionRoot);
            }
        }
    }
}
