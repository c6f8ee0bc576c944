package org.multiprocessing4j.reliability;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.internal.ring.Feeder;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The root JVM of {@link ResourceExhaustionTest#aFullSharedMemoryFileSystem...}: its session
 * root is on a small tmpfs the test mounted (argument: a path on it for the filler file). Fills
 * the file system, puts large items (which need overflow segments) into a bounded and an
 * unbounded queue, opens a pipe and sends large messages on one made before, frees the space,
 * and prints {@code key=value} lines.
 */
public final class ShmFullScenario {

    private ShmFullScenario() {}

    public static void main(String[] args) throws Exception {
        Path filler = Path.of(args[0]);
        var bounded = Multiprocessing.<byte[]>queue(4);
        var unbounded = Multiprocessing.<byte[]>queue();
        bounded.put(item(0, 16));
        bounded.get();
        unbounded.put(item(0, 16));
        unbounded.get();
        var pipe = Pipe.open(false);
        pipe.right().send("sent before the file system filled up");
        Path session = Session.existing();
        long filesBefore = count(session);

        // Two pages left free: enough for a new segment's first and last pages, not for its tables
        Path slack = filler.resolveSibling("slack");
        Files.write(slack, new byte[8192]);
        fill(filler);
        // A small segment (a lock's) reserves its pages by writing zeros rather than through
        // posix_fallocate: refused all the same when nothing is left
        try {
            Multiprocessing.getContext().lock();
            System.out.println("lock-open=accepted");
        } catch (MultiprocessingException e) {
            System.out.println("lock-open=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Files.delete(slack);
        try (var another = Pipe.open()) {
            System.out.println("pipe-open=accepted");
        } catch (MultiprocessingException e) {
            System.out.println("pipe-open=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            Multiprocessing.queue().close();
            System.out.println("queue-open=accepted");
        } catch (MultiprocessingException e) {
            System.out.println("queue-open=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // 400 KB goes into the pipe's sparse ring, 600 KB (over half of its 1 MiB) in an overflow segment
        for (int size : new int[] {400_000, 600_000}) {
            try {
                pipe.right().sendBytes(item(3, size));
                System.out.println("pipe-send-" + size + "=accepted");
            } catch (MultiprocessingException e) {
                System.out.println("pipe-send-" + size + "=" + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        // 400 KB goes inline in the (sparse) ring, 9 MB in an overflow segment (over half the ring)
        for (int size : new int[] {400_000, 9_000_000}) {
            try {
                bounded.put(item(1, size));
                System.out.println("bounded-put-" + size + "=accepted");
            } catch (MultiprocessingException e) {
                System.out.println("bounded-put-" + size + "=" + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        System.out.println("bounded-size=" + bounded.qsize());
        System.out.println("files-left=" + (count(session) - filesBefore));
        for (int i = 0; i < 14; i++) {
            unbounded.put(item(100 + i, size(i)));
        }
        Await.until("the feeder finds the file system full", Delays.seconds(30), () -> Feeder.fullRetries() > 0);
        System.out.println("unbounded-size-while-full=" + unbounded.qsize());

        Files.delete(filler);
        int good = 0;
        for (int i = 0; i < 14; i++) {
            byte[] got = unbounded.get(Delays.seconds(60));
            good += Arrays.equals(got, item(100 + i, size(i))) ? 1 : 0;
        }
        System.out.println("unbounded-delivered=" + good);
        for (int size : new int[] {400_000, 9_000_000}) {
            bounded.put(item(2, size));
            System.out.println("bounded-after-" + size + "=" + Arrays.equals(bounded.get(), item(2, size)));
        }
        System.out.println("pipe-first=" + pipe.left().recv());
        for (int size : new int[] {400_000, 600_000}) {
            pipe.right().sendBytes(item(4, size));
            System.out.println("pipe-after-" + size + "=" + Arrays.equals(pipe.left().recvBytes(), item(4, size)));
        }
        System.out.println("pipe-empty=" + !pipe.left().poll());
        bounded.close();
        unbounded.close();
        unbounded.joinThread();
        System.out.println("files-at-end=" + (count(session) - filesBefore)); // the pipe's segment among them
        pipe.close();
    }

    /** 12 items inline, then 2 in overflow segments. */
    private static int size(int i) {
        return i < 12 ? 400_000 : 9_000_000;
    }

    private static byte[] item(int seed, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** Writes zeros until the file system is full. */
    private static void fill(Path filler) throws IOException {
        try (var ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var chunk = ByteBuffer.allocate(64 * 1024);
            while (true) {
                chunk.clear();
                ch.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
