package org.multiprocessing4j.sharedmemory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.MultiprocessingException;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.ShmScenarios;
import org.multiprocessing4j.internal.shm.NamedSegments;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SharedMemory} and {@link SharedMemoryManager}: children, unrelated JVMs, cleanup. */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class})
class SharedMemoryTest {

    static final Duration LIMIT = Delays.childLifetime();

    @Test
    void aChildAttachesByNameAndByTheObjectItself() {
        try (var shm = SharedMemory.create(1024)) {
            String name = shm.name();
            var p = new Process(() -> {
                try (var mine = SharedMemory.attach(name)) {
                    mine.segment().set(ValueLayout.JAVA_INT, 0, 11);
                }
                shm.buffer().put(4, (byte) 22); // the captured object attaches in the child
            });
            p.start();
            assertTrue(p.join(LIMIT));
            assertEquals(0, p.exitCode());
            assertEquals(11, shm.segment().get(ValueLayout.JAVA_INT, 0));
            assertEquals(22, shm.buffer().get(4));
            assertEquals(1024, shm.size());
            shm.unlink();
        }
    }

    @Test
    void anUnrelatedJvmAttachesByName() {
        var shm = SharedMemory.create(16);
        try (var root = RootJvm.start(ShmScenarios.class, "attach-shm", shm.name())) {
            shm.segment().set(ValueLayout.JAVA_LONG, 0, 77L);
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(root.stdout().contains("read=77"), root.stdout());
            assertTrue(root.stdout().contains("size=16"), root.stdout());
            assertEquals(4242L, shm.segment().get(ValueLayout.JAVA_LONG, 8));
        } finally {
            shm.close();
            shm.unlink();
        }
    }

    @Test
    void closeDetachesAndUnlinkDestroysTheName() {
        var shm = SharedMemory.create("mp4j-test-" + ProcessHandle.current().pid(), 8);
        var other = SharedMemory.attach(shm.name());
        shm.close();
        shm.close();
        assertTrue(shm.isClosed());
        assertThrows(IllegalStateException.class, shm::segment);
        other.segment().set(ValueLayout.JAVA_LONG, 0, 5L);
        assertEquals(5L, other.segment().get(ValueLayout.JAVA_LONG, 0), "the other attachment is unaffected");
        other.unlink();
        var twice = assertThrows(MultiprocessingException.class, other::unlink, "CPython: FileNotFoundError");
        assertTrue(twice.getMessage().contains("already unlinked") && twice.getMessage().contains(shm.name()), twice.getMessage());
        assertThrows(MultiprocessingException.class, shm::unlink, "closed or not, the name is gone");
        assertThrows(MultiprocessingException.class, () -> SharedMemory.attach(shm.name()));
        assertEquals(5L, other.segment().get(ValueLayout.JAVA_LONG, 0), "still mapped after unlink");
        other.close();
    }

    @Test
    void unlinkAfterAChildUnlinkedRaisesAndTheManagerToleratesIt() {
        var shm = SharedMemory.create(8);
        var p = new Process(shm::unlink);
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertThrows(MultiprocessingException.class, shm::unlink);
        shm.close();
        SharedMemory block;
        try (var smm = new SharedMemoryManager().start()) {
            block = smm.sharedMemory(8);
            block.unlink();
        }
        assertTrue(block.isClosed(), "shutdown closes a block the user unlinked, without raising");
    }

    @Test
    void argumentsAndNameClashesAreRefusedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
        assertTrue(e.getMessage().contains("size=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("../etc", 8));
        assertTrue(e.getMessage().contains("name='../etc'"), e.getMessage());
        try (var shm = SharedMemory.create(8)) {
            var clash = assertThrows(MultiprocessingException.class, () -> SharedMemory.create(shm.name(), 8));
            assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());
            shm.unlink();
        }
    }

    @Test
    void theTrackerWarnsAboutAndUnlinksLeakedBlocksAtExit() {
        try (var root = RootJvm.start(ShmScenarios.class, "leak-shm")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            String name = root.stdout().lines().filter(l -> l.startsWith("name=")).findFirst().orElseThrow().substring(5);
            assertFalse(Files.exists(NamedSegments.directory().resolve(name)));
            assertTrue(root.stderr().contains("leaked shared memory objects"), root.stderr());
        }
    }

    @Test
    void theWatchdogUnlinksTheBlocksOfAKilledRoot() {
        try (var root = RootJvm.start(ShmScenarios.class, "hold-shm")) {
            String name = root.awaitLine("name=", LIMIT);
            var file = NamedSegments.directory().resolve(name);
            assertTrue(Files.exists(file));
            root.kill();
            root.waitFor(LIMIT);
            Await.until(name + " is unlinked", Delays.seconds(10), () -> !Files.exists(file));
        }
    }

    @Test
    void theBlocksOfAChildKilledWithSigkillAreUnlinked() {
        String box = org.multiprocessing4j.testing.Mailbox.create();
        try {
            var p = new Process(() -> {
                var shm = SharedMemory.create(32);
                org.multiprocessing4j.testing.Mailbox.put(box, "name", shm.name());
                org.multiprocessing4j.testing.Mailbox.await(box, "never", Delays.seconds(120));
            });
            p.start();
            String name = org.multiprocessing4j.testing.Mailbox.await(box, "name", LIMIT);
            var file = NamedSegments.directory().resolve(name);
            assertTrue(Files.exists(file));
            p.kill();
            p.join();
            Await.until(name + " is unlinked", Delays.seconds(10), () -> !Files.exists(file));
        } finally {
            org.multiprocessing4j.testing.Mailbox.delete(box);
        }
    }

    @Test
    void anUnlinkedNameIsForgottenByTheWatchdog() throws Exception {
        var first = SharedMemory.create(8);
        String name = first.name();
        first.close();
        first.unlink();
        var ledger = java.nio.file.Path.of(org.multiprocessing4j.internal.spawn.Session.directory().toString(),
                "named-segments-" + ProcessHandle.current().pid());
        assertFalse(Files.readString(ledger).contains(name), "the ledger no longer lists " + name);
    }

    @Test
    void theManagerDestroysWhatItCreated() {
        SharedMemory a;
        SharedMemory b;
        try (var smm = new SharedMemoryManager().start()) {
            a = smm.sharedMemory(10);
            b = smm.sharedMemory(20);
            assertEquals(2, smm.blocks().size());
        }
        assertTrue(a.isClosed() && b.isClosed());
        assertFalse(Files.exists(NamedSegments.directory().resolve(a.name())));
        assertFalse(Files.exists(NamedSegments.directory().resolve(b.name())));
    }
}
