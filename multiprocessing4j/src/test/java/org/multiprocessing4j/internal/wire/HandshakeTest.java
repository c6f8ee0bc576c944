package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.AuthenticationException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HMAC handshake and framing over a real Unix-domain socket. */
class HandshakeTest {

    Path dir;
    ServerSocketChannel server;
    SocketChannel clientSide;
    SocketChannel serverSide;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("mp4j-hs");
        var address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
        clientSide = SocketChannel.open(address);
        serverSide = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        clientSide.close();
        serverSide.close();
        server.close();
        Files.deleteIfExists(dir.resolve("s.sock"));
        Files.delete(dir);
    }

    @Test
    void sameKeyAuthenticatesBothSidesAndFramesFlow() throws Exception {
        byte[] key = Handshake.newAuthkey();
        var s = new FrameChannel(serverSide);
        var c = new FrameChannel(clientSide);
        var serverDone = CompletableFuture.runAsync(() -> run(() -> Handshake.server(s, key)));
        Handshake.client(c, key);
        serverDone.get();
        c.write((byte) 'x', new byte[] {1, 2, 3});
        var f = s.read();
        assertTrue(f.type() == 'x' && f.payload().length == 3);
        c.write((byte) 'e', new byte[0]);
        assertTrue(s.read().payload().length == 0, "empty frames are real frames");
    }

    @Test
    void aWrongKeyFailsOnBothSides() {
        var s = new FrameChannel(serverSide);
        var c = new FrameChannel(clientSide);
        var serverDone = CompletableFuture.runAsync(() -> run(() -> Handshake.server(s, "right".getBytes())));
        var clientError = assertThrows(AuthenticationException.class, () -> Handshake.client(c, "wrong".getBytes()));
        assertTrue(clientError.getMessage().contains("authkey"), clientError.getMessage());
        var serverError = assertThrows(ExecutionException.class, serverDone::get);
        assertInstanceOf(AuthenticationException.class, serverError.getCause().getCause());
    }

    @Test
    void anOversizedFrameIsRefusedBeforeAnythingIsAllocated() throws IOException {
        var s = new FrameChannel(serverSide);
        clientSide.write(ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 'C').flip());
        var e = assertThrows(IOException.class, s::read);
        assertTrue(e.getMessage().contains("frame length out of range"), e.getMessage());
    }

    @Test
    void garbageInsteadOfAResponseIsRefused() throws IOException {
        var s = new FrameChannel(serverSide);
        var c = new FrameChannel(clientSide);
        var serverDone = CompletableFuture.runAsync(() -> run(() -> Handshake.server(s, "k".getBytes())));
        c.read(); // the challenge
        c.write((byte) 'R', "garbage".getBytes());
        var e = assertThrows(ExecutionException.class, serverDone::get);
        assertInstanceOf(AuthenticationException.class, e.getCause().getCause());
    }

    interface IoAction {
        void run() throws IOException;
    }

    private static void run(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (AuthenticationException e) {
            throw new RuntimeException(e);
        }
    }
}
