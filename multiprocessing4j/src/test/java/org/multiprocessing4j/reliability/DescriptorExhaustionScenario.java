package org.multiprocessing4j.reliability;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.spawn.ControlClient;
import org.multiprocessing4j.internal.spawn.ControlServer;
import org.multiprocessing4j.internal.spawn.SpawnPopen;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root JVM of {@link ResourceExhaustionTest#theControlSocketSurvivesRunningOutOfDescriptors}:
 * lowers its own descriptor limit to 512, then has children connect to its control socket (as
 * pool workers do) while every descriptor is taken, once freeing them after the accept loop
 * failed a few times, once not; then a spawned child exits while they are taken (its parent
 * reads its reports file once they are back). Prints {@code key=value} lines.
 *
 * <p>How the accept is made to fail: Linux reserves the descriptor of an {@code accept} before
 * it blocks, so taking every free descriptor is not enough; an authenticated link of this JVM's
 * own (see {@link #starve}) then uses the reserved one, and every later {@code accept} fails with
 * "Too many open files" while the child's connection waits in the backlog.
 */
public final class DescriptorExhaustionScenario {

    private DescriptorExhaustionScenario() {}

    public static void main(String[] args) throws Exception {
        limitDescriptors(512);
        // One whole start first: the classes of the start path come from class directories here,
        // and loading one later needs a descriptor too (from a jar, as in production, it does not).
        run("warm-up", Delays.seconds(60));
        if (args.length > 0 && args[0].equals("pool")) {
            pool();
            return;
        }
        Path markers = java.nio.file.Files.createTempDirectory("mp4j-exhaustion");
        try {
            var warmUp = client("warm-up-client", markers);
            warmUp.start();
            warmUp.join(Delays.seconds(60));
            starve().release();
            Await.until("the classes of the wait are loaded", Delays.seconds(1), () -> ControlServer.acceptFailures() >= 0);

            // 1. transient: the accept fails while the descriptors are taken, then they are freed
            var first = client("transient", markers);
            first.start();
            var starved = starve();
            long failures = ControlServer.acceptFailures();
            Await.until("the control socket's accept fails 3 times", Delays.seconds(60), () -> ControlServer.acceptFailures() >= failures + 3);
            starved.release();
            first.join(Delays.seconds(60));
            System.out.println("transient-exit=" + first.exitCode());

            // 2. lasting: the client gives up at its handshake limit and says why; its marker file
            // says when (a stat needs no descriptor), and its exit code comes once they are freed
            var second = client("lasting", markers);
            second.start();
            starved = starve();
            Path lasting = markers.resolve("lasting");
            Await.until("the lasting client gives up", Delays.seconds(90), () -> java.nio.file.Files.exists(lasting));
            starved.release();
            second.join(Delays.seconds(60));
            System.out.println("lasting-exit=" + second.exitCode());
            System.out.println("lasting-seconds=" + java.nio.file.Files.readString(lasting));

            // 3. the loop is still there
            var after = client("after", markers);
            after.start();
            after.join(Delays.seconds(60));
            System.out.println("after-exit=" + after.exitCode());
            System.out.println("accept-failures=" + ControlServer.acceptFailures());

            // 4. a spawned child that exits while no descriptor is free: its exit code waits for its reports
            var spawned = Process.builder().name("spawned").target(() -> {}).build();
            spawned.start();
            starved = starve();
            long reportFailures = SpawnPopen.reportFailures();
            Await.until("reading the reports fails twice", Delays.seconds(60), () -> SpawnPopen.reportFailures() >= reportFailures + 2);
            starved.release();
            spawned.join(Delays.seconds(60));
            System.out.println("spawned-exit=" + spawned.exitCode());
        } finally {
            removeMarkers(markers);
        }
    }

    /**
     * A process that connects to this JVM's control socket, as a pool worker does, and exits
     * with 0 if it got through and 2 if not (saying why on stderr); either way it then writes
     * how many seconds it tried to {@code markers/<name>}.
     */
    private static Process client(String name, Path markers) {
        var server = ControlServer.get();
        long id = ControlServer.newId();
        byte[] key = Handshake.newAuthkey();
        server.expectConnection(id, key, null).thenAccept(DescriptorExhaustionScenario::closeQuietly);
        String socket = server.socket().toString();
        String marker = markers.resolve(name).toString();
        return Process.builder().name(name).target(() -> connect(socket, id, key, marker)).build();
    }

    static void connect(String socket, long id, byte[] key, String marker) {
        long start = System.nanoTime();
        int code = 0;
        try {
            ControlClient.authenticate(Path.of(socket), id, key).close();
        } catch (IOException e) {
            System.err.println("client " + org.multiprocessing4j.Multiprocessing.currentProcess().getName() + ": " + e.getMessage());
            code = 2;
        }
        try {
            java.nio.file.Files.writeString(Path.of(marker), Long.toString((System.nanoTime() - start) / 1_000_000_000L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.exit(code);
    }

    /** The clients' marker files and their directory: nothing of the test stays in the temporary directory. */
    private static void removeMarkers(Path markers) throws IOException {
        try (var files = java.nio.file.Files.list(markers)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        java.nio.file.Files.delete(markers);
    }

    private static void closeQuietly(FrameChannel link) {
        try {
            link.close();
        } catch (IOException e) {
            // closing a link nobody uses
        }
    }

    /** A pool made while no descriptor is left: its refusal keeps the cause. */
    private static void pool() throws IOException {
        try (var warm = org.multiprocessing4j.Multiprocessing.pool(1)) {
            System.out.println("warm-pool=" + warm.apply(() -> 1));
        }
        List<FileChannel> taken = takeAll();
        Throwable failure = null;
        try (var pool = org.multiprocessing4j.Multiprocessing.pool(1)) {
            for (int i = 0; i < 2; i++) { // the first may be queued and failed, the second is refused
                try {
                    pool.apply(() -> 1);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        } finally {
            taken.forEach(DescriptorExhaustionScenario::closeQuietly);
        }
        System.out.println("pool-error=" + failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            System.out.println("pool-cause=" + t);
        }
    }

    private static void run(String name, java.time.Duration limit) {
        var p = Process.builder().name(name).target(() -> {}).build();
        p.start();
        p.join(limit);
        System.out.println(name + "-exit=" + p.exitCode());
    }

    /** Every descriptor taken, the control socket's reserved one by a link of ours (both ends). */
    private record Starved(List<FileChannel> taken, FrameChannel[] link) {
        void release() throws IOException {
            link[0].close();
            link[1].close();
            taken.forEach(DescriptorExhaustionScenario::closeQuietly);
        }
    }

    /**
     * Proceed in three steps: make one link, which returns once the accept loop is blocked in
     * {@code accept} again (holding its reserved descriptor) and not in a back-off; take every
     * free descriptor but one; make a second link with that one, which the loop accepts with its
     * reserved descriptor and keeps.
     */
    private static Starved starve() throws IOException {
        link().release();
        List<FileChannel> taken = takeAll();
        taken.removeLast().close(); // one for our end of the link
        var link = link();
        return new Starved(taken, link.link());
    }

    private static Starved link() throws IOException {
        var server = ControlServer.get();
        long id = ControlServer.newId();
        byte[] key = Handshake.newAuthkey();
        var accepted = server.expectConnection(id, key, null);
        FrameChannel ours = ControlClient.authenticate(server.socket(), id, key);
        return new Starved(List.of(), new FrameChannel[] {ours, accepted.join()});
    }

    /** Lowers this JVM's limit of open descriptors to {@code n} (prlimit). */
    static void limitDescriptors(int n) throws IOException, InterruptedException {
        var limit = new ProcessBuilder("prlimit", "--pid", String.valueOf(ProcessHandle.current().pid()), "--nofile=" + n + ":" + n)
                .inheritIO().start();
        if (limit.waitFor() != 0) {
            throw new IllegalStateException("prlimit failed");
        }
    }

    /** Every free descriptor of this JVM, as channels on /dev/null. */
    static List<FileChannel> takeAll() {
        var taken = new ArrayList<FileChannel>();
        try {
            for (int i = 0; i < 100_000; i++) {
                taken.add(FileChannel.open(Path.of("/dev/null")));
            }
        } catch (IOException e) {
            // every descriptor is taken
        }
        return taken;
    }

    /** Closes {@code c}; one the JDK already closed on its own failure path (a failed process launch) is skipped. */
    static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("Bad file descriptor")) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
