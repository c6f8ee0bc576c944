package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.redis.internal.Codec;
import org.multiprocessing4j.redis.internal.Envelopes;
import org.multiprocessing4j.redis.internal.Fingerprint;


import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis credential alone cannot make agents run code; an agent on another class path refuses the pool. */
class AgentSecurityTest {

    @Test
    void aTaskEnvelopeWithABadSignatureIsRefusedWithoutRunningIt() throws Exception {
        try (var server = RedisServer.start();
             var agent = Agent.start(Options.of(server, "sec"), 1, "host-a");
             var ctx = RedisContext.connect(Options.of(server, "sec"))) {
            var s = ctx.sessionInternal();
            String uri = server.uri();
            // a well-formed chunk whose work would write to the list "pwned", sealed under another key
            var forger = new Codec("not-the-session-authkey!".getBytes(StandardCharsets.UTF_8), List.of());
            var work = new Envelopes.Work("forged:1", "pforged", org.multiprocessing4j.internal.pool.Chunk.Kind.CALL,
                    (org.multiprocessing4j.SerializableCallable<Integer>) () -> pwn(uri), null);
            s.link().eval("redis.call('HSET', KEYS[1], 'driver', 'forger', 'pool', 'pforged', 'retries', '0')"
                            + " redis.call('RPUSH', KEYS[2], ARGV[1]) return 1",
                    org.redisson.api.RScript.ReturnType.LONG, List.of(s.key("chunk:forged:1"), s.key("tasks")),
                    Envelopes.TaskElement.of("forged:1", "pforged", forger.sealEncoded(Envelopes.TASK, work.encode())).bytes());
            byte[] reply = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reply == null && System.nanoTime() < deadline) {
                reply = s.link().blpop(s.key("results:forger"), Duration.ofSeconds(1));
            }
            assertNotNull(reply, "the agent answered the forged chunk");
            String text = new String(reply, StandardCharsets.ISO_8859_1);
            int nl = text.indexOf('\n');
            assertEquals("Rforged:1", text.substring(0, nl));
            var outcome = Envelopes.Outcome.decode(s.codec().openEncoded(Envelopes.RESULT,
                    java.util.Arrays.copyOfRange(reply, nl + 1, reply.length)));
            assertInstanceOf(Codec.BadSignatureException.class, outcome.whole());
            assertTrue(outcome.whole().getMessage().contains("bad signature"), outcome.whole().getMessage());
            assertEquals(List.of(), ctx.list("pwned"), "the forged work never ran");
            assertEquals(0, ctx.<Object>queue("unused").qsize() + (int) server.keys().stream().filter(k -> k.endsWith(":tasks")).count(),
                    "no task is left queued");
        }
    }

    static int pwn(String uri) {
        try (var c = RedisContext.connect(RedisOptions.builder().address(uri).authkey(Options.AUTHKEY).session("sec").build())) {
            c.list("pwned").add("ran");
        }
        return 1;
    }

    @Test
    void anAgentOnAnotherClassPathRefusesThePoolNamingBothFingerprints() throws Exception {
        try (var server = RedisServer.start();
             var agent = AgentJvm.start(server, "fp", "host-e", 1, "-D" + Fingerprint.PROPERTY + "=other-build");
             var ctx = RedisContext.connect(Options.of(server, "fp"));
             var pool = ctx.pool(1)) {
            var e = assertThrows(BrokenPoolException.class, () -> pool.apply(() -> 1));
            assertTrue(e.getMessage().contains("app:other-build") && e.getMessage().contains(Fingerprint.own())
                    && e.getMessage().contains("host-e"), e.getMessage());
        }
    }
}
