package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhausted resources (issue 17): descriptors, the shared-memory file system. */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class ResourceExhaustionTest {

    /**
     * Before the fix the control socket's accept loop ended at its first failure and every later
     * start waited for ever; now it backs off and retries, and a client that cannot complete its
     * handshake gives up at the 20 s limit with the reason. A spawned child, which does not
     * connect, exits while no descriptor is free: its exit code waits until its reports can
     * be read, rather than being guessed.
     */
    @Test
    void theControlSocketSurvivesRunningOutOfDescriptors() {
        try (var root = RootJvm.start(DescriptorExhaustionScenario.class)) {
            assertEquals(0, root.waitFor(Delays.seconds(180)), root.stdout() + root.stderr());
            String out = root.stdout();
            String err = root.stderr();
            assertTrue(out.contains("transient-exit=0"), "a connection delayed by the failures completes:\n" + out + err);
            assertTrue(out.contains("lasting-exit=2"), "a connection that cannot complete fails:\n" + out + err);
            long seconds = Long.parseLong(root.awaitLine("lasting-seconds=", Delays.seconds(1)));
            assertTrue(seconds >= 15 && seconds < 20 + Delays.seconds(20).toSeconds(), "within its handshake limit: " + seconds + " s");
            assertTrue(err.contains("client lasting: the server at ") && err.contains("did not complete the handshake within 20 s"), err);
            assertTrue(Long.parseLong(root.awaitLine("accept-failures=", Delays.seconds(1))) >= 3, out);
            assertTrue(out.contains("after-exit=0"), "the accept loop still runs:\n" + out + err);
            assertTrue(out.contains("spawned-exit=0"), "a spawned child's reports are read once descriptors are free:\n" + out + err);
        }
    }

    /**
     * A TCP manager whose process has no descriptor left (issue 17: its accept loop spun a core,
     * and a call meanwhile was told the manager "is gone"): the loop backs off, a client's call
     * waits in the backlog, and it is served once descriptors are free again.
     */
    @Test
    void aTcpManagerOutOfDescriptorsBacksOffAndServesACallOnceTheyAreFree() throws Exception {
        try (var root = RootJvm.start(ManagerDescriptorScenario.class)) {
            int port = Integer.parseInt(root.awaitLine("port=", Delays.seconds(60)));
            var address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
            try (var client = org.multiprocessing4j.managers.SyncManager.builder().address(address)
                    .authkey(ManagerDescriptorScenario.KEY).build().connect()) {
                java.util.concurrent.ConcurrentMap<String, Object> dict = client.dict();
                dict.put("warm", "up");
                root.tell("exhaust");
                root.awaitLine("exhausted=", Delays.seconds(30));
                // a new thread: a new connection, which the manager cannot accept now
                var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> dict.get("warm"),
                        r -> Thread.ofPlatform().daemon().start(r));
                root.tell("measure");
                root.awaitLine("freed=", Delays.seconds(30));
                assertEquals("up", call.get(Delays.seconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                        "the call waiting for the manager is served once it has descriptors again");
                long cpu = Long.parseLong(root.awaitLine("accept-cpu-percent=", Delays.seconds(1)));
                assertTrue(cpu < 20, "the accept loop used " + cpu + "% of a core while out of descriptors");
                System.out.println("[manager-descriptors] the accept loop used " + cpu + "% of a core over 1.5 s");
            }
            root.tell("stop");
            assertEquals(0, root.waitFor(Delays.seconds(60)), root.stdout() + root.stderr());
            assertTrue(root.stdout().contains("stopped=true"), root.stdout());
        }
    }

    /** Before the fix: "pool not running: state TERMINATED", without a cause. */
    @Test
    void aPoolThatCannotLaunchItsWorkersSaysWhy() {
        try (var root = RootJvm.start(DescriptorExhaustionScenario.class, "pool")) {
            assertEquals(0, root.waitFor(Delays.seconds(150)), root.stdout() + root.stderr());
            String out = root.stdout();
            assertTrue(out.contains("pool-error=java.lang.IllegalStateException: pool not running: state TERMINATED, broken: "
                    + "5 workers in a row died before they could take a task"), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("pool-cause=") && l.contains("Too many open files")),
                    "the launch failure is in the causes:\n" + out);
        }
    }

    /**
     * A full /dev/shm, simulated with a 24 MiB tmpfs this test mounts (as root) for the session
     * root of a root JVM, and unmounts afterwards; the machine's /dev/shm is never filled.
     * Before the fix a put raised {@code InternalError} (a fault in an unsafe memory access),
     * left its files behind, and the unbounded queue's feeder lost its items for good.
     */
    @Test
    void aFullSharedMemoryFileSystemFailsOnePutAndLosesNothing() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("[skipped] mounting a small tmpfs needs root");
            org.junit.jupiter.api.Assumptions.abort("mounting a small tmpfs needs root");
        }
        java.nio.file.Path mount = java.nio.file.Files.createTempDirectory("mp4j-shm-");
        var mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mount.toString())
                .inheritIO().start().waitFor();
        if (mounted != 0) {
            java.nio.file.Files.delete(mount);
            System.out.println("[skipped] cannot mount a tmpfs here (mount exited with " + mounted + ")");
            org.junit.jupiter.api.Assumptions.abort("cannot mount a tmpfs here");
        }
        try (var root = RootJvm.start(ShmFullScenario.class,
                java.util.List.of("-D" + org.multiprocessing4j.internal.config.Configuration.SESSION_ROOT_PROP_NAME + "=" + mount.resolve("r")),
                mount.resolve("filler").toString())) {
            assertEquals(0, root.waitFor(Delays.seconds(150)), root.stdout() + root.stderr());
            String out = root.stdout();
            for (String size : new String[] {"400000", "9000000"}) {
                assertTrue(out.contains("bounded-put-" + size + "=FileSystemFullException: the shared-memory file system is full"), out);
                assertTrue(out.contains("bounded-after-" + size + "=true"), "later puts work once space is freed:\n" + out);
            }
            assertTrue(out.contains("bounded-size=0"), out);
            assertTrue(out.contains("files-left=0"), "no partial segment is left:\n" + out);
            assertTrue(out.contains("unbounded-delivered=14"), "the feeder kept every item:\n" + out + root.stderr());
            assertTrue(out.contains("files-at-end=0"), out);
            // pipes (shared-memory rings): a new pipe and both sends refused, the earlier message kept
            assertTrue(out.contains("lock-open=FileSystemFullException: the shared-memory file system is full"), out);
            assertTrue(out.contains("pipe-open=FileSystemFullException: the shared-memory file system is full"), out);
            assertTrue(out.contains("queue-open=FileSystemFullException: the shared-memory file system is full"), out);
            for (String size : new String[] {"400000", "600000"}) {
                assertTrue(out.contains("pipe-send-" + size + "=FileSystemFullException: the shared-memory file system is full"), out);
                assertTrue(out.contains("pipe-after-" + size + "=true"), "later sends work once space is freed:\n" + out);
            }
            assertTrue(out.contains("pipe-first=sent before the file system filled up"), out);
            assertTrue(out.contains("pipe-empty=true"), "nothing half-sent arrived:\n" + out);
            assertTrue(!root.stderr().contains("InternalError"), root.stderr());
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            java.nio.file.Files.deleteIfExists(mount);
        }
    }
}
