package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.WorkerLostException;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An agent paused past its lease, and the server killed under a running map. */
class AgentPartitionTest {

    @Test
    void anAgentStoppedPastItsLeaseIsReapedAndItsLateResultIsRefused() throws Exception {
        try (var server = RedisServer.start();
             var ctx = RedisContext.connect(Options.of(server, "death"));
             var agent = AgentJvm.start(server, "death", "host-f", 1);
             var pool = ctx.pool(1)) {
            List<String> marks = ctx.list("started");
            String uri = server.uri();
            AsyncResult<String> r = pool.applyAsync(() -> {
                AgentDeathTest.markStarted(uri);
                Thread.sleep(5_000); // the worker JVM is not stopped: it finishes while its agent is
                return "late";
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (marks.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the task never started");
                Thread.sleep(50); // polling the task's mark
            }
            agent.signal("STOP");
            try {
                var e = assertThrows(WorkerLostException.class, () -> r.get(Duration.ofSeconds(30)));
                assertTrue(e.getMessage().contains("host-f"), e.getMessage());
                Thread.sleep(3_000); // let the worker finish its task while the agent is still stopped
            } finally {
                agent.signal("CONT");
            }
            // the agent finds its lease gone, kills its workers, and comes back as a new party
            assertEquals(7, (int) pool.apply(() -> 7));
            assertEquals(0, ((org.multiprocessing4j.redis.internal.RedisWorkerPool) org.multiprocessing4j.internal.context.Access.pool()
                    .workers(pool)).ignoredResults(), "no late result reached the driver: the fenced ack refused it");
        }
    }

    static int slowly(int x) {
        try {
            Thread.sleep(300); // a task that takes a while
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return x;
    }

    @Test
    void killingTheServerMidMapFailsTheMapWithSessionLost() throws Exception {
        try (var server = RedisServer.start()) {
            try (var agent = Agent.start(Options.of(server, "outage"), 1, "host-g");
                 var ctx = RedisContext.connect(Options.of(server, "outage"))) {
                var pool = ctx.pool(1);
                var r = pool.mapAsync(AgentPartitionTest::slowly, IntStream.range(0, 200).boxed().toList(), 1);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (server.keys().stream().noneMatch(k -> k.contains(":inflight:"))) { // the agent took a chunk
                    assertTrue(System.nanoTime() < deadline, "the agent never took a chunk");
                    Thread.sleep(20);
                }
                server.kill();
                long t0 = System.nanoTime();
                var e = assertThrows(SessionLostException.class, () -> r.get(Duration.ofSeconds(30)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(e.getMessage().contains(server.uri()), e.getMessage());
                assertTrue(ms < 10_000, "the map failed " + ms + " ms after the server died (serverTimeout 2 s)");
                pool.terminate();
            }
        }
    }
}
