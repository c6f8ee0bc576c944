package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.WorkerLostException;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An agent JVM killed with -9 mid-task: its chunk fails naming its host (or runs again elsewhere when retries allow). */
class AgentDeathTest {

    @Test
    void killingAnAgentMidTaskFailsItsChunkNamingTheHostOrRetriesIt() throws Exception {
        try (var server = RedisServer.start();
             var ctx = RedisContext.connect(Options.of(server, "death"))) {
            List<String> marks = ctx.list("started");
            String uri = server.uri();
            try (var doomed = AgentJvm.start(server, "death", "host-b", 1)) {
                try (var pool = ctx.pool(1)) {
                    AsyncResult<Integer> r = pool.applyAsync(() -> {
                        markStarted(uri);
                        Thread.sleep(120_000);
                        return 1;
                    });
                    awaitStarted(marks);
                    doomed.signal("KILL");
                    long t0 = System.nanoTime();
                    var e = assertThrows(WorkerLostException.class, () -> r.get(Duration.ofSeconds(30)));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(e.getMessage().contains("host-b"), e.getMessage());
                    // lease 3 s, renewed and reaped every 1 s: detection within TTL + one interval (+ slack for load)
                    assertTrue(ms < 8_000, "detected after " + ms + " ms");
                }
            }
            // with a retry, the same kind of loss is survived on another agent
            marks.clear();
            try (var doomed = AgentJvm.start(server, "death", "host-c", 1)) {
                try (var pool = ctx.poolBuilder(1).processes(1).build()) {
                    AsyncResult<String> r = pool.applyAsync(() -> {
                        if (markStarted(uri) == 1) { // the first run waits to be killed
                            Thread.sleep(120_000);
                        }
                        return "done";
                    });
                    awaitStarted(marks);
                    doomed.signal("KILL");
                    try (var rescuer = AgentJvm.start(server, "death", "host-d", 1)) {
                        assertEquals("done", r.get(Duration.ofSeconds(60)));
                        assertEquals(2, marks.size(), "ran once on the killed agent, once more on the other: " + marks);
                    }
                }
            }
        }
    }

    private static void awaitStarted(List<String> marks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (marks.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the task never started on the agent");
            Thread.sleep(50); // polling a shared list for the task's mark: the wait ends on the event
        }
    }

    /**
     * In the worker JVM: records that the task started, in the session's list "started" (shared by
     * name), and returns how many starts it holds now (one connection: each is a Redis client to boot).
     */
    static int markStarted(String uri) {
        try (var ctx = RedisContext.connect(workerOptions(uri))) {
            List<String> started = ctx.list("started");
            started.add(ProcessHandle.current().pid() + "");
            return started.size();
        }
    }

    private static RedisOptions workerOptions(String uri) {
        return RedisOptions.builder().address(uri).authkey(Options.AUTHKEY).session("death")
                .leaseTtl(Duration.ofSeconds(3)).build();
    }
}
