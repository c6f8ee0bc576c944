package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module-level functions: start methods and contexts. */
@ExtendWith(NoLeftoverProcesses.class)
class MultiprocessingTest {

    @AfterEach
    void restoreDefault() {
        Multiprocessing.setStartMethod("spawn", true);
    }

    @Test
    void theDefaultStartMethodIsSpawnAndCanBeSetOnceWithoutForce() {
        assertEquals("spawn", Multiprocessing.getStartMethod());
        assertTrue(Multiprocessing.getAllStartMethods().containsAll(java.util.List.of("spawn", "thread")));
        Multiprocessing.setStartMethod("thread", true);
        assertEquals("thread", Multiprocessing.getStartMethod());
        assertEquals("thread", Multiprocessing.getContext().startMethod());
        var e = assertThrows(IllegalStateException.class, () -> Multiprocessing.setStartMethod("spawn"));
        assertTrue(e.getMessage().contains("already been set to 'thread'"), e.getMessage());
        Multiprocessing.setStartMethod("thread"); // setting the same method again is harmless
    }

    @Test
    void factoriesFollowTheDefaultStartMethod() {
        Multiprocessing.setStartMethod("thread", true);
        var ranIn = new AtomicLong();
        var p = Multiprocessing.process(() -> ranIn.set(Thread.currentThread().threadId()));
        p.start();
        p.join();
        assertTrue(ranIn.get() != 0, "a thread process shares this JVM's objects");
        assertEquals(ProcessHandle.current().pid(), p.pid());
    }

    @Test
    void anUnknownStartMethodIsRefusedNamingTheAvailableOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.getContext("fork"));
        assertTrue(e.getMessage().contains("method='fork'") && e.getMessage().contains("spawn"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setStartMethod("forkserver"));
        assertThrows(NullPointerException.class, () -> Multiprocessing.getContext(null));
    }

    @Test
    void contextsAreBoundToTheirStartMethod() {
        assertEquals("thread", Multiprocessing.getContext("thread").startMethod());
        assertEquals("spawn", Multiprocessing.getContext("spawn").startMethod());
        assertEquals(Multiprocessing.getContext("spawn"), Multiprocessing.getContext("spawn"));
    }
}
