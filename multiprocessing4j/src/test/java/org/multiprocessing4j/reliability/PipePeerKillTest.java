package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writing peer of a {@link Pipe} killed with {@code kill -9} at a random point while it
 * sends a stream of messages of random sizes (up to 256 KiB, so the kill often falls in the
 * middle of a frame) and the other side reads: the reader gets every message the peer managed to
 * send, in order and intact, then {@link EndOfStreamException}; nothing is decoded wrongly.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class PipePeerKillTest {

    static final Duration LIMIT = Delays.childLifetime();
    static final int ROUNDS = Reliability.count(4, 60);

    /** Message {@code i} of the stream seeded {@code seed}: its bytes, derived from both. */
    static byte[] message(long seed, int i) {
        var r = new Random(seed * 31 + i);
        int size = r.nextInt(4) == 0 ? r.nextInt(256 * 1024) : r.nextInt(512);
        var b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    @Test
    void theReaderGetsAnIntactPrefixThenEndOfStream() {
        var random = Reliability.random("pipe-peer-kill");
        for (int round = 0; round < ROUNDS; round++) {
            round(random.nextLong(), random.nextInt(40), random.nextBoolean());
        }
    }

    private static void round(long seed, int killAfter, boolean duplex) {
        System.out.printf("[reliability] pipe round: duplex=%b, kill after %d messages%n", duplex, killAfter);
        var pipe = Pipe.open(duplex);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        var p = Process.builder().jvmArgs("-Xmx64m").target(() -> {
            for (int i = 0; ; i++) {
                byte[] b = message(seed, i);
                if (i % 2 == 0) {
                    writer.sendBytes(b);
                } else {
                    writer.send(List.of(i, b));
                }
            }
        }).build();
        p.start();
        writer.close(); // the parent's copy: the end now belongs to the child alone
        int received = 0;
        try (reader) {
            while (true) {
                if (received == killAfter) {
                    p.kill();
                }
                assertTrue(reader.poll(LIMIT), "a message or the end of the stream within " + LIMIT);
                Object m;
                try {
                    m = reader.recv();
                } catch (EndOfStreamException e) {
                    break;
                }
                byte[] expected = message(seed, received);
                if (received % 2 == 0) {
                    assertArrayEquals(expected, assertInstanceOf(byte[].class, m), "message " + received);
                } else {
                    List<?> l = assertInstanceOf(List.class, m);
                    assertEquals(received, l.get(0), "sequence number of message " + received);
                    assertTrue(Arrays.equals(expected, (byte[]) l.get(1)), "payload of message " + received);
                }
                received++;
            }
            assertThrows(EndOfStreamException.class, reader::recv, "the end of the stream stays");
        }
        assertTrue(p.join(LIMIT));
        assertEquals(-9, p.exitCode());
        assertTrue(received >= killAfter, received + " < " + killAfter);
        System.out.printf("[reliability] pipe round: read %d intact messages then EOF%n", received);
    }
}
