package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameChannelTest {

    /** Frames written to a byte array, read back at most {@code step} bytes per channel read. */
    private static final class Memory implements ByteChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        byte[] toRead = new byte[0];
        int position;
        int step = Integer.MAX_VALUE;
        int reads;

        @Override
        public int read(ByteBuffer dst) {
            if (position == toRead.length) {
                return -1;
            }
            reads++;
            int n = Math.min(Math.min(step, dst.remaining()), toRead.length - position);
            dst.put(toRead, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            written.writeBytes(b);
            return n;
        }

        void rewind() {
            toRead = written.toByteArray();
            position = 0;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static byte[] filled(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void readAheadReturnsTheSameFramesWhateverTheChannelDelivers() throws IOException {
        int[] sizes = {0, 1, 8, 4000, FrameChannel.READ_AHEAD - 5, FrameChannel.READ_AHEAD, 3 * FrameChannel.READ_AHEAD + 7, 2};
        for (int step : new int[] {1, 3, 5, 4096, Integer.MAX_VALUE}) {
            var memory = new Memory();
            var frames = new FrameChannel(memory);
            frames.setMaxFrameLength(Integer.MAX_VALUE);
            for (int i = 0; i < sizes.length; i++) {
                frames.write((byte) i, filled(sizes[i], i));
            }
            memory.rewind();
            memory.step = step;
            frames.readAhead();
            for (int i = 0; i < sizes.length; i++) {
                var f = frames.read();
                assertEquals((byte) i, f.type(), "step " + step);
                assertArrayEquals(filled(sizes[i], i), f.payload(), "step " + step + ", frame " + i);
            }
            assertThrows(EOFException.class, frames::read);
        }
    }

    @Test
    void smallFramesTakeOneChannelReadEachWithReadAhead() throws IOException {
        var memory = new Memory();
        var frames = new FrameChannel(memory);
        for (int i = 0; i < 10; i++) {
            frames.write((byte) 'T', filled(20, i));
        }
        memory.rewind();
        frames.readAhead();
        for (int i = 0; i < 10; i++) {
            frames.read();
        }
        assertEquals(1, memory.reads, "all ten frames came in the first read");
    }

    @Test
    void withoutReadAheadAReadTakesOnlyItsFrame() throws IOException {
        var memory = new Memory();
        var frames = new FrameChannel(memory);
        frames.write((byte) 'A', filled(3, 0));
        memory.written.writeBytes(new byte[] {42, 43});
        memory.rewind();
        assertArrayEquals(filled(3, 0), frames.read().payload());
        assertEquals(2, memory.toRead.length - memory.position, "the bytes after the frame stay in the channel");
    }

    @Test
    void theEndOfStreamInsideABufferedFrameIsAnEofException() throws IOException {
        var memory = new Memory();
        var frames = new FrameChannel(memory);
        frames.write((byte) 'A', filled(100, 0));
        memory.rewind();
        memory.toRead = Arrays.copyOf(memory.toRead, 50);
        frames.readAhead();
        assertThrows(EOFException.class, frames::read);
    }

    @Test
    void aBufferedFrameAboveTheLimitIsRefusedBeforeItsPayloadIsRead() throws IOException {
        var memory = new Memory();
        var frames = new FrameChannel(memory);
        frames.write((byte) 'A', new byte[FrameChannel.UNAUTHENTICATED_LIMIT + 1]);
        memory.rewind();
        memory.step = 5;
        frames.readAhead();
        var e = assertThrows(IOException.class, frames::read);
        assertEquals("frame length out of range: length=" + (FrameChannel.UNAUTHENTICATED_LIMIT + 2)
                + ", limit=" + FrameChannel.UNAUTHENTICATED_LIMIT, e.getMessage());
        assertEquals(1, memory.reads);
    }
    /**
     * Frames around {@link FrameChannel#GATHER_FROM} over a real Unix-domain socket, the largest
     * well beyond what the socket buffers hold, so that the gathering write of a large payload
     * returns short and goes on where it stopped while the other side reads.
     */
    @Test
    void largeFramesGoWholeOverARealSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        int[] sizes = {FrameChannel.GATHER_FROM - 1, FrameChannel.GATHER_FROM, 4 << 20, 7, 3 * FrameChannel.GATHER_FROM + 1};
        var address = java.net.UnixDomainSocketAddress.of(tmp.resolve("s"));
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (var client = java.nio.channels.SocketChannel.open(address); var accepted = server.accept()) {
                var writer = new FrameChannel(client);
                var reader = new FrameChannel(accepted);
                reader.setMaxFrameLength(Integer.MAX_VALUE);
                var sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < sizes.length; i++) {
                            writer.write((byte) i, filled(sizes[i], i));
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                for (int i = 0; i < sizes.length; i++) {
                    var f = reader.read();
                    assertEquals((byte) i, f.type());
                    assertArrayEquals(filled(sizes[i], i), f.payload(), "frame " + i);
                }
                sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
