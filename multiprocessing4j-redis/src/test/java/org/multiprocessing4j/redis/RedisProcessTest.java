package org.multiprocessing4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Queue;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes of a Redis context run by an agent (here in the test's JVM; its children are real
 * JVMs), and Redis objects passed to processes and pool tasks as handles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisProcessTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    RedisServer server;
    Agent agent;
    RedisContext ctx;

    @BeforeAll
    void start() throws Exception {
        server = RedisServer.start();
        agent = Agent.start(Options.patient(server, "procs"), 2, "host-p");
        ctx = RedisContext.connect(Options.patient(server, "procs"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (ctx != null) {
                ctx.close();
            }
            if (agent != null) {
                agent.close();
            }
            assertEquals(List.of(), server.keys(), "every key of the session is gone");
        } finally {
            server.close();
        }
    }

    @Test
    void aProcessRunsOnAnAgentAndUsesAQueueItWasGiven() {
        Queue<Long> pids = ctx.queue();
        var p = ctx.process(() -> pids.put(ProcessHandle.current().pid()), "on-agent");
        p.start();
        assertTrue(p.join(LIMIT), "the process ended");
        assertEquals(0, p.exitCode());
        long pid = pids.get(LIMIT);
        assertNotEquals(ProcessHandle.current().pid(), pid, "it ran in another JVM");
        assertEquals(pid, p.pid(), "pid() is the agent's child's pid");
        assertFalse(p.isAlive());
        p.close();
    }

    @Test
    void exitCodesAndTerminateAreThoseOfTheAgentsChild() {
        var failing = ctx.process(() -> {
            throw new IllegalStateException("expected failure (RedisProcessTest)");
        });
        var exiting = ctx.process(() -> System.exit(3));
        failing.start();
        exiting.start();
        assertTrue(failing.join(LIMIT) && exiting.join(LIMIT));
        assertEquals(1, failing.exitCode());
        assertEquals(3, exiting.exitCode());
        var started = ctx.event();
        var sleeper = ctx.process(() -> {
            started.set();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sleeper.start();
        assertTrue(started.await(LIMIT), "the sleeper started");
        assertTrue(sleeper.isAlive());
        sleeper.terminate();
        assertTrue(sleeper.join(LIMIT), "terminate ended it");
        assertEquals(-15, sleeper.exitCode());
        for (var p : List.of(failing, exiting, sleeper)) {
            p.close();
        }
    }

    @Test
    void redisObjectsWorkInALocalChildAndInAPoolTask() {
        Lock lock = ctx.lock();
        Queue<String> out = ctx.queue();
        lock.acquire();
        var child = Multiprocessing.getContext("spawn").process(() -> {
            out.put("child sees locked=" + lock.isLocked());
            lock.release(); // any process may release a Lock
        });
        child.start();
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
        assertEquals("child sees locked=true", out.get(LIMIT));
        assertFalse(lock.isLocked());
        child.close();
        try (var pool = ctx.pool(1)) {
            assertEquals(1, (int) pool.apply(() -> {
                out.put("from a task");
                return lock.acquire(false) ? 1 : 0;
            }));
        }
        assertEquals("from a task", out.get(LIMIT));
        assertTrue(lock.isLocked(), "the task's acquire holds the same lock");
        lock.release();
    }

    @Test
    void aPipeCarriesMessagesBothWaysAndToAProcessOnAnAgent() {
        var duplex = ctx.pipe();
        duplex.left().send("ping");
        assertTrue(duplex.right().poll(LIMIT));
        assertEquals("ping", duplex.right().recv());
        duplex.right().sendBytes(new byte[] {1, 2, 3});
        assertEquals(List.of(duplex.left()), Multiprocessing.wait(List.of(duplex.left()), LIMIT), "wait() sees the message");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3}, duplex.left().recvBytes());
        assertFalse(duplex.left().poll(Duration.ofMillis(100)), "nothing more to read");
        duplex.close();

        var oneWay = ctx.pipe(false);
        var reader = oneWay.left();
        var writer = oneWay.right();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> reader.send("no"));
        var p = ctx.process(() -> {
            for (int i = 0; i < 3; i++) {
                writer.send(i);
            }
            writer.close();
        });
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        writer.close(); // the last copy of the sending end: the reader sees the end after the data
        assertEquals(List.of(0, 1, 2), List.of(reader.<Integer>recv(), reader.<Integer>recv(), reader.<Integer>recv()));
        org.junit.jupiter.api.Assertions.assertThrows(org.multiprocessing4j.EndOfStreamException.class, reader::recv);
        reader.close();
        p.close();
    }
}
