package org.multiprocessing4j.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@code manager_dict_op_us}: what one request/reply round trip over a
 * Unix-domain socket costs between two freshly started JVMs running nothing but the JDK (blocking
 * NIO, a fixed 24-byte request and 8-byte reply, no serializer, no library code). A manager
 * operation is such a round trip plus the work at both ends, so the difference between the two
 * figures is what the library adds.
 *
 * <p>Run by {@link WorkloadRunner} as two bare JVMs: {@code server <socket>} answers until end
 * of stream; {@code client <socket> <n>} does {@code n} round trips, timed from the first to the
 * last, and prints the mean in microseconds.
 */
public final class SocketFloor {

    private static final int REQUEST = 24;
    private static final int REPLY = 8;

    private SocketFloor() {}

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[1]);
        if (args[0].equals("server")) {
            serve(socket);
        } else {
            System.out.println(String.format(Locale.ROOT, "%.3f", roundTrips(socket, Integer.parseInt(args[2]))));
        }
    }

    private static void serve(Path socket) throws IOException {
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("ready");
            System.out.flush();
            try (SocketChannel ch = server.accept()) {
                var in = ByteBuffer.allocateDirect(REQUEST);
                var out = ByteBuffer.allocateDirect(REPLY);
                while (true) {
                    in.clear();
                    try {
                        readFully(ch, in);
                    } catch (EOFException e) {
                        return;
                    }
                    out.clear();
                    out.putLong(0, in.getLong(0));
                    writeFully(ch, out);
                }
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    /** Mean microseconds per round trip of {@code n}. */
    private static double roundTrips(Path socket, int n) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var in = ByteBuffer.allocateDirect(REPLY);
            var out = ByteBuffer.allocateDirect(REQUEST);
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                out.clear();
                out.putLong(0, i);
                writeFully(ch, out);
                in.clear();
                readFully(ch, in);
                if (in.getLong(0) != i) {
                    throw new IllegalStateException("reply out of step: " + in.getLong(0) + " for " + i);
                }
            }
            return (System.nanoTime() - t) / 1e3 / n;
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Starts a bare server JVM and then a bare client JVM doing {@code n} round trips with it;
     * returns the client's mean in microseconds per round trip.
     */
    static double measure(int n) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path dir;
        try {
            dir = Files.createTempDirectory("mp4j-floor");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String socket = dir.resolve("s").toString();
        java.lang.Process server = null;
        try {
            server = new ProcessBuilder(java, "-cp", cp, SocketFloor.class.getName(), "server", socket)
                    .redirectErrorStream(true).start();
            var serverOut = server.inputReader();
            String ready = serverOut.readLine();
            if (!"ready".equals(ready)) {
                throw new IllegalStateException("the floor's server did not start: " + ready);
            }
            var client = new ProcessBuilder(java, "-cp", cp, SocketFloor.class.getName(), "client", socket,
                    Integer.toString(n)).redirectErrorStream(true).start();
            List<String> lines = client.inputReader().lines().toList();
            if (client.waitFor() != 0 || lines.isEmpty()) {
                throw new IllegalStateException("the floor's client failed: " + lines);
            }
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the floor's server did not end after its client");
            }
            return Double.parseDouble(lines.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
            try {
                Files.deleteIfExists(Path.of(socket));
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temp dir left behind
            }
        }
    }
}
