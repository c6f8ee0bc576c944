package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Process} under the {@code "thread"} start method (Python's {@code multiprocessing.dummy}). */
class ThreadProcessTest extends ProcessConformanceTest {

    @Override
    Context context() {
        return Multiprocessing.getContext("thread");
    }

    @Test
    void runsOnAThreadNamedAfterTheProcessWithItsDaemonFlag() {
        String b = box;
        var p = context().processBuilder().name("t-worker").daemon(true).target(() -> {
            Mailbox.put(b, "thread", Thread.currentThread().getName());
            Mailbox.put(b, "daemon", Thread.currentThread().isDaemon());
        }).build();
        p.start();
        p.join();
        assertEquals("t-worker", Mailbox.get(b, "thread"));
        assertEquals("true", Mailbox.get(b, "daemon"));
        assertEquals(ProcessHandle.current().pid(), p.pid());
    }

    @Test
    void terminateAndKillAreRefusedClearly() {
        String b = box;
        var p = process(() -> awaitGo(b, "go"));
        p.start();
        var e = assertThrows(UnsupportedOperationException.class, p::terminate);
        assertTrue(e.getMessage().contains("'thread' start method"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, p::kill);
        Mailbox.put(b, "go", "");
        p.join();
    }

    @Test
    void sharesObjectsWithTheParentBecauseNothingIsSerialised() {
        var seen = new java.util.concurrent.atomic.AtomicInteger();
        var p = process(seen::incrementAndGet);
        p.start();
        p.join();
        assertEquals(1, seen.get());
    }
}
