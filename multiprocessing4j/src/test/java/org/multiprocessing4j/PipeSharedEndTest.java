package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.internal.spawn.WarmSpares;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link Pipe} end is a shared thing, like a file descriptor (issue 16): every process that
 * holds a copy sends, receives and polls through it; writers serialised by a lock are read in
 * the order the lock granted them; end of stream comes once every copy of the other end, in
 * every process, is closed or dead, after what was sent is drained. With real child JVMs
 * under {@code spawn} and {@code warm} (and threads where the behaviour applies).
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class})
class PipeSharedEndTest {

    static final Duration LIMIT = Delays.childLifetime();

    String box;
    final List<Process> children = new ArrayList<>();
    final Set<Process> threads = new HashSet<>();
    final List<Pipe> pipes = new ArrayList<>();

    @BeforeEach
    void createMailbox() {
        box = Mailbox.create();
    }

    @AfterEach
    void cleanUp() {
        for (var p : children) {
            if (p.exitCode() == null && !threads.contains(p)) {
                p.kill();
            }
            p.join();
        }
        pipes.forEach(Pipe::close);
        Mailbox.delete(box);
        WarmSpares.shutdown(); // idle spares are children of this JVM
    }

    Pipe pipe(Context ctx, boolean duplex) {
        var p = ctx.pipe(duplex);
        pipes.add(p);
        return p;
    }

    Process start(Context ctx, SerializableRunnable target) {
        var p = ctx.process(target);
        children.add(p);
        if (ctx.startMethod().equals("thread")) {
            threads.add(p);
        }
        p.start();
        return p;
    }

    static void awaitGo(String box, String key) {
        Mailbox.await(box, key, Delays.seconds(60));
    }

    static byte[] pattern(int size, int seed) {
        var b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"spawn", "warm"})
    void theParentAndAChildReadPollAndWriteThroughCopiesOfOneEnd(String method) {
        var ctx = Multiprocessing.getContext(method);
        var p = pipe(ctx, true);
        Connection shared = p.right();
        String b = box;
        var child = start(ctx, () -> {
            if (!shared.poll(Delays.seconds(60))) {
                throw new AssertionError("nothing to poll");
            }
            Mailbox.put(b, "polled", "");
            awaitGo(b, "taken");
            if (shared.poll()) {
                throw new AssertionError("the parent received what the child polled: nothing should be left");
            }
            Mailbox.put(b, "empty", "");
            byte[] m = shared.recvBytes();
            shared.send("child got " + m.length + " bytes, intact: " + Arrays.equals(m, pattern(m.length, 2)));
        });
        byte[] first = pattern(200 * 1024, 1); // copied out of the ring without its lock: must not be split
        p.left().sendBytes(first);
        Mailbox.await(box, "polled", LIMIT);
        assertArrayEquals(first, p.right().recvBytes(), "the child's poll consumed nothing, and the parent's copy receives");
        Mailbox.put(box, "taken", "");
        Mailbox.await(box, "empty", LIMIT);
        p.left().sendBytes(pattern(100_000, 2));
        assertEquals("child got 100000 bytes, intact: true", p.left().recv(), "the child receives and sends through its copy");
        p.right().send("the parent's copy sends too");
        assertEquals("the parent's copy sends too", p.left().recv());
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spawn", "warm", "thread"})
    void writersSerialisedByALockAreReadInTheOrderTheLockGrantedThem(String method) {
        var ctx = Multiprocessing.getContext(method);
        int parties = 4;
        int rounds = 1000;
        var p = pipe(ctx, false);
        Connection writer = p.right();
        Lock lock = ctx.lock();
        Barrier barrier = ctx.barrier(parties);
        IntValue granted = Value.ofInt(0, false); // grant order, counted under the lock
        var writers = new ArrayList<Process>();
        for (int party = 0; party < parties; party++) {
            int me = party;
            writers.add(start(ctx, () -> {
                for (int round = 0; round < rounds; round++) {
                    barrier.await();
                    lock.lock();
                    try {
                        int g = granted.get();
                        granted.set(g + 1);
                        writer.send(((long) round << 32) | ((long) me << 24) | g);
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        if (!method.equals("thread")) {
            writer.close(); // the children's copies carry the stream now
        }
        Set<Integer> round = new HashSet<>();
        for (int k = 0; k < parties * rounds; k++) {
            long m = p.left().<Long>recv();
            assertEquals(k, (int) (m & 0xFF_FFFF), "message " + k + " is the " + k + "th the lock granted");
            assertEquals(k / parties, (int) (m >>> 32), "message " + k + " belongs to round " + k / parties);
            assertTrue(round.add((int) (m >>> 24) & 0xFF), "each party once per round, message " + k);
            if (round.size() == parties) {
                round.clear();
            }
        }
        for (var w : writers) {
            assertTrue(w.join(LIMIT));
            assertEquals(0, w.exitCode());
        }
        if (method.equals("thread")) {
            writer.close();
        }
        assertThrows(EndOfStreamException.class, p.left()::recv, "every writer is done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spawn", "warm"})
    void endOfStreamOnlyOnceEveryCopyInEveryProcessIsClosedOrDeadAndAfterTheBufferedMessages(String method) {
        var ctx = Multiprocessing.getContext(method);
        var p = pipe(ctx, false);
        Connection writer = p.right();
        String b = box;
        var closesAndStays = start(ctx, () -> {
            writer.send("from A");
            writer.close();
            Mailbox.put(b, "A closed", "");
            awaitGo(b, "A exit");
        });
        var exits = start(ctx, () -> writer.send("from B")); // its copy goes with its process
        var killed = start(ctx, () -> {
            writer.send("from C");
            Mailbox.put(b, "C sent", "");
            awaitGo(b, "never");
        });
        Mailbox.await(box, "A closed", LIMIT);
        assertTrue(exits.join(LIMIT));
        Mailbox.await(box, "C sent", LIMIT);
        killed.kill();
        assertTrue(killed.join(LIMIT));
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            got.add(p.left().recv());
        }
        assertEquals(Set.of("from A", "from B", "from C"), got);
        assertFalse(p.left().poll(Duration.ofMillis(300)), "the parent's own copy of the writing end still holds it");
        assertEquals(List.of(), Multiprocessing.wait(List.of(p.left()), Duration.ofMillis(100)));
        writer.send("from the parent");
        writer.close();
        assertEquals(List.of(p.left()), Multiprocessing.wait(List.of(p.left()), LIMIT));
        assertEquals("from the parent", p.left().recv(), "what was sent before the last copy closed comes first");
        assertThrows(EndOfStreamException.class, p.left()::recv);
        assertTrue(p.left().poll(), "end of stream makes poll true");
        assertThrows(EndOfStreamException.class, p.left()::recvBytes, "and stays");
        Mailbox.put(box, "A exit", "");
        assertTrue(closesAndStays.join(LIMIT));
        assertEquals(0, closesAndStays.exitCode());
        assertEquals(0, exits.exitCode());
    }

    @Test
    void aRefusedOverLongMessageLeavesTheEndUnreadableAndTheMessageForTheOtherCopies() {
        var ctx = Multiprocessing.getContext("spawn");
        var p = pipe(ctx, true);
        Connection reader = p.left();
        String b = box;
        var child = start(ctx, () -> {
            awaitGo(b, "read");
            Mailbox.put(b, "got", new String(reader.recvBytes()));
        });
        p.right().sendBytes("six b!".getBytes());
        var e = assertThrows(ConnectionException.class, () -> reader.recvBytes(5));
        assertTrue(e.getMessage().startsWith("bad message length: the message has 6 bytes, more than maxLength=5"), e.getMessage());
        assertFalse(reader.isReadable());
        assertTrue(reader.isWritable(), "a duplex end still sends, as in CPython");
        assertFalse(reader.isClosed());
        for (var op : List.<Runnable>of(reader::recv, reader::recvBytes, () -> reader.recvBytes(100),
                () -> reader.recvBytesInto(new byte[10]), reader::poll, () -> reader.poll(Duration.ZERO),
                () -> Multiprocessing.wait(List.of(reader), Duration.ZERO))) {
            var refused = assertThrows(IllegalStateException.class, op::run);
            assertTrue(refused.getMessage().endsWith("connection is write-only"), refused.getMessage());
        }
        reader.send("still sends");
        assertEquals("still sends", p.right().recv());
        Mailbox.put(box, "read", "");
        assertEquals("six b!", Mailbox.await(box, "got", LIMIT), "the refused message was left for the child's copy");
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());

        var oneWay = pipe(ctx, false);
        oneWay.right().sendBytes(new byte[6]);
        assertThrows(ConnectionException.class, () -> oneWay.left().recvBytes(5));
        assertTrue(oneWay.left().isClosed(), "a read-only end that refused a message is closed, as in CPython");
        assertFalse(oneWay.left().isReadable());
        var closed = assertThrows(IllegalStateException.class, oneWay.left()::recvBytes);
        assertTrue(closed.getMessage().endsWith("connection is closed"), closed.getMessage());
    }
}
