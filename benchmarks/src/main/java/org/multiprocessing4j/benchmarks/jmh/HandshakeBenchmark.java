package org.multiprocessing4j.benchmarks.jmh;

import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.Handshake;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The authkey handshake every child runs before anything is decoded (HMAC-SHA256 both ways,
 * three messages) over a Unix-domain socket, as on the control channel; the accepting side
 * answers on a thread of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class HandshakeBenchmark {

    private final byte[] key = Handshake.newAuthkey();
    private Path dir;
    private ServerSocketChannel server;
    private FrameChannel client;
    private FrameChannel accepted;
    private Thread answering;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mp4j-jmh-");
        Path socket = dir.resolve("hs.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        client = new FrameChannel(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        accepted = new FrameChannel(server.accept());
        answering = Thread.ofPlatform().daemon().name("handshake-server").start(() -> {
            try {
                while (true) {
                    Handshake.server(accepted, key);
                }
            } catch (IOException | RuntimeException e) {
                // closed by tearDown
            }
        });
    }

    @Benchmark
    public void mutualAuthentication() throws IOException {
        Handshake.client(client, key);
    }

    @TearDown
    public void tearDown() throws Exception {
        client.close();
        accepted.close();
        server.close();
        answering.join(5000);
        Files.deleteIfExists(dir.resolve("hs.sock"));
        Files.deleteIfExists(dir);
    }
}
