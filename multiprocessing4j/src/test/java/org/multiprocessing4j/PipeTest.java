package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Pipe} in one JVM, with {@code "thread"} processes, and with ends passed to child JVMs. */
@ExtendWith(NoLeftoverProcesses.class)
class PipeTest {

    static final Duration LIMIT = Delays.childLifetime();

    String box;
    final List<Process> children = new ArrayList<>();
    final List<Pipe> pipes = new ArrayList<>();

    @BeforeEach
    void createMailbox() {
        box = Mailbox.create();
    }

    @AfterEach
    void cleanUp() {
        for (var p : children) {
            if (p.exitCode() == null) {
                p.kill();
            }
            p.join();
        }
        pipes.forEach(Pipe::close);
        Mailbox.delete(box);
    }

    Pipe pipe(boolean duplex) {
        var p = Pipe.open(duplex);
        pipes.add(p);
        return p;
    }

    Process child(SerializableRunnable target) {
        var p = Multiprocessing.getContext("spawn").process(target);
        children.add(p);
        p.start();
        return p;
    }

    static void awaitGo(String box, String key) {
        Await.until("the test says " + key, Delays.seconds(60), () -> Files.exists(Path.of(box, key)));
    }

    @Test
    void aDuplexPipeCarriesMessagesBothWaysAndEndOfStreamAfterClose() {
        var p = pipe(true);
        p.left().send("to the right");
        p.right().sendBytes(new byte[0]);
        p.right().send(List.of(1, 2));
        assertEquals("to the right", p.right().recv());
        assertEquals(0, p.left().recvBytes().length);
        assertEquals(List.of(1, 2), p.left().recv());
        p.right().send("last");
        p.right().close();
        assertEquals("last", p.left().recv());
        assertThrows(EndOfStreamException.class, p.left()::recv);
    }

    @Test
    void aOneWayPipeRefusesTheWrongDirection() {
        var p = pipe(false);
        assertTrue(p.left().isReadable());
        assertFalse(p.left().isWritable());
        assertFalse(p.right().isReadable());
        assertTrue(p.right().isWritable());
        var e = assertThrows(IllegalStateException.class, () -> p.left().send("x"));
        assertEquals("cannot send: connection is read-only", e.getMessage());
        e = assertThrows(IllegalStateException.class, p.right()::recv);
        assertEquals("cannot recv: connection is write-only", e.getMessage());
        p.right().send("one way");
        assertEquals("one way", p.left().recv());
    }

    @Test
    void threadProcessesShareTheEnds() {
        var p = pipe(true);
        Connection right = p.right();
        var t = Multiprocessing.getContext("thread").process(() -> right.send(right.<String>recv() + " back"));
        t.start();
        p.left().send("there and");
        assertEquals("there and back", p.left().recv());
        assertTrue(t.join(LIMIT));
    }

    @Test
    void parentAndChildGreetAndExchange64MiBThroughAPipeEndPassedToTheChild() {
        var p = pipe(true);
        Connection childEnd = p.right();
        var child = child(() -> {
            childEnd.send("hello parent");
            String greeting = childEnd.recv();
            childEnd.send(greeting.toUpperCase());
            childEnd.send(childEnd.<int[]>recv());            // echo a 64 MiB object
            childEnd.sendBytes(childEnd.recvBytes());         // echo 64 MiB of bytes
        });
        p.right().close(); // the parent's copy: the child's copy keeps the stream open
        assertTrue(p.left().poll(LIMIT));
        assertEquals("hello parent", p.left().recv());
        p.left().send("hello child");
        assertEquals("HELLO CHILD", p.left().recv());

        var numbers = new int[16 * 1024 * 1024];
        Arrays.setAll(numbers, i -> i ^ 0x5a5a);
        p.left().send(numbers);
        assertArrayEquals(numbers, p.left().<int[]>recv());
        var bytes = new byte[64 * 1024 * 1024];
        new java.util.Random(9).nextBytes(bytes);
        p.left().sendBytes(bytes);
        assertArrayEquals(bytes, p.left().recvBytes());

        assertTrue(Multiprocessing.waitAll(List.of(p.left(), child), LIMIT), "the child ended, and with it its copy");
        assertThrows(EndOfStreamException.class, p.left()::recv, "the child's copy was the last one");
        assertEquals(0, child.exitCode());
    }

    /** Not {@link java.io.Serializable}: the process payload falls back from JDK serialisation to Fory. */
    static final class PlainBox {
        final String text;

        PlainBox(String text) {
            this.text = text;
        }
    }

    @Test
    void anEndTravelsAlsoWhenTheTargetNeedsFory() {
        var p = pipe(false);
        Connection writer = p.right();
        var plain = new PlainBox("carried by Fory");
        var child = child(() -> writer.send(plain.text));
        assertEquals("carried by Fory", p.left().recv());
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
        p.right().send("from the parent's copy, which the child's did not take over");
        assertEquals("from the parent's copy, which the child's did not take over", p.left().recv());
        p.right().close();
        assertThrows(EndOfStreamException.class, p.left()::recv, "the parent's copy was the last one");
    }

    @Test
    void waitCoversPipeEnds() {
        var first = pipe(false);
        var second = pipe(false);
        var readers = List.of(first.left(), second.left());
        assertEquals(List.of(), Multiprocessing.wait(readers, Duration.ofMillis(20)));
        Connection writer = second.right();
        var t = Multiprocessing.getContext("thread").process(() -> writer.send("ready"));
        t.start();
        assertEquals(List.of(second.left()), Multiprocessing.wait(readers, LIMIT));
        assertEquals("ready", second.left().recv());
        assertTrue(t.join(LIMIT));
    }

    @Test
    void messagesSentBeforeTheChildGetsItsEndArriveInOrderAndTheParentsCopyStaysUsable() {
        var p = pipe(true);
        Connection childEnd = p.right();
        var child = child(() -> {
            String first = childEnd.recv();
            byte[] middle = childEnd.recvBytes();
            String last = childEnd.recv();
            childEnd.send(first + "/" + middle.length + "/" + last);
        });
        p.left().send("one");                      // sent before the child can have its copy
        p.left().sendBytes(new byte[700 * 1024]);  // more than half the ring: an overflow segment
        p.left().send("two");
        assertEquals("one/716800/two", p.left().recv());
        assertTrue(child.join(LIMIT));
        p.right().send("the parent's copy of the child's end still works");
        assertEquals("the parent's copy of the child's end still works", p.left().recv());
        p.left().send("both ways");
        assertEquals("both ways", p.right().recv());
        p.right().close();
        assertThrows(EndOfStreamException.class, p.left()::recv);
    }

    @Test
    void anEndUsedHereBeforeItIsPassedIsShared() {
        var p = pipe(true);
        Connection shared = p.right();
        shared.send("from the parent's copy");
        var child = child(() -> shared.send("from the child's copy"));
        assertEquals("from the parent's copy", p.left().recv());
        assertEquals("from the child's copy", p.left().recv());
        shared.send("the parent's copy still works");
        assertEquals("the parent's copy still works", p.left().recv());
        assertTrue(child.join(LIMIT));
        shared.close();
        assertThrows(EndOfStreamException.class, p.left()::recv, "both copies are closed");
    }

    /** What a child does to a captured end, done in this JVM: serialise, then deserialise (claim). */
    static Connection travel(Connection end) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(end);
            }
            try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (Connection) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCopyMadeWhileTheOtherEndSendsAndReceivesLosesAndReordersNothing() throws Exception {
        for (int round = 0; round < 30; round++) {
            var p = pipe(true);
            int n = 500;
            var sender = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; i < n; i++) {
                    p.left().send(i);
                }
            });
            var receiver = java.util.concurrent.CompletableFuture.supplyAsync(() -> p.left().<String>recv());
            Connection copy = travel(p.right());
            try {
                for (int i = 0; i < n; i++) {
                    assertEquals(i, copy.<Integer>recv(), "round " + round);
                }
                copy.send("answer");
                assertEquals("answer", receiver.get(10, java.util.concurrent.TimeUnit.SECONDS));
                sender.get(10, java.util.concurrent.TimeUnit.SECONDS);
                p.left().send("after");
                assertEquals("after", copy.recv());
            } finally {
                copy.close();
            }
            p.right().close();
            assertThrows(EndOfStreamException.class, p.left()::recv, "round " + round + ": every copy is closed");
        }
    }

    @Test
    void aBacklogSentBeforeACopyIsMadeIsReceivedThroughTheCopyInOrder() {
        var p = pipe(true);
        int n = 4;
        for (int i = 0; i < n; i++) {
            var m = new byte[20 * 1024];
            m[0] = (byte) i;
            p.left().sendBytes(m);
        }
        Connection copy = travel(p.right());
        try {
            for (int i = 0; i < n; i++) {
                assertEquals((byte) i, copy.recvBytes()[0]);
            }
            p.right().send("the original copy still works");
            assertEquals("the original copy still works", p.left().recv());
        } finally {
            copy.close();
        }
    }

    @Test
    void aChildPassesItsEndOnToAGrandchild() {
        var p = pipe(true);
        Connection childEnd = p.right();
        var child = child(() -> {
            Connection mine = childEnd;
            var grandchild = Multiprocessing.getContext("spawn").process(() -> mine.send("from the grandchild"));
            grandchild.start();
            mine.close(); // the grandchild holds its own copy now
            grandchild.join();
            if (grandchild.exitCode() != 0) {
                throw new IllegalStateException("grandchild failed: " + grandchild.exitCode());
            }
        });
        p.right().close();
        assertEquals("from the grandchild", p.left().recv());
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
        assertThrows(EndOfStreamException.class, p.left()::recv, "every copy is gone");
    }

    @Test
    void aWriterKilledWithSigkillGivesEndOfStreamAfterItsMessages() {
        var p = pipe(false);
        Connection writer = p.right();
        String b = box;
        var child = child(() -> {
            writer.send("first");
            writer.sendBytes(new byte[64 * 1024]);
            writer.send("third");
            Mailbox.put(b, "sent", "");
            awaitGo(b, "never");
        });
        p.right().close();
        Mailbox.await(box, "sent", LIMIT);
        child.kill();
        assertTrue(child.join(LIMIT));
        assertEquals(-9, child.exitCode());
        assertEquals("first", p.left().recv());
        assertEquals(64 * 1024, p.left().recvBytes().length);
        assertEquals("third", p.left().recv());
        assertThrows(EndOfStreamException.class, p.left()::recv);
    }

    @Test
    void aPollLoopSeesTheEndOfStreamOfAKilledWriterOnlyOnceItsMessagesAreTaken() {
        var p = pipe(false);
        Connection writer = p.right();
        String b = box;
        var child = child(() -> {
            writer.send("last words");
            Mailbox.put(b, "sent", "");
            awaitGo(b, "never");
        });
        p.right().close();
        Mailbox.await(box, "sent", LIMIT);
        assertTrue(p.left().poll(), "a message is there");
        assertEquals("last words", p.left().recv());
        assertFalse(p.left().poll(), "nothing yet, and the writer lives");
        child.kill();
        assertTrue(child.join(LIMIT));
        // poll() looks for dead holders at a bounded rate, not on every call: a loop sees the end soon.
        Await.until("poll() says the stream ended", LIMIT, () -> p.left().poll());
        assertThrows(EndOfStreamException.class, p.left()::recv);
    }

    @Test
    void endOfStreamWaitsForTheLastCopy() {
        var p = pipe(false);
        Connection reader = p.left();
        String b = box;
        var child = child(() -> {
            Mailbox.put(b, "got", reader.<String>recv());
            awaitGo(b, "close");
            reader.close();
            Mailbox.put(b, "closed", "");
            awaitGo(b, "exit");
        });
        p.left().close(); // the parent's copy of the reading end
        p.right().send("for the child");
        assertEquals("for the child", Mailbox.await(box, "got", LIMIT));
        p.right().send("still read by the child's copy");
        Mailbox.put(box, "close", "");
        Mailbox.await(box, "closed", LIMIT);
        assertThrows(ConnectionException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                p.right().sendBytes(new byte[64 * 1024]); // no reader is left: broken pipe
            }
        });
        Mailbox.put(box, "exit", "");
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
    }
}
