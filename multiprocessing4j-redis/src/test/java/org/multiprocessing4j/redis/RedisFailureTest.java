package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Queue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a program sees when the server goes away, comes back empty, or refuses its credentials. */
class RedisFailureTest {

    @Test
    void aRestartedEmptyServerIsDetectedNotTakenForAnEmptyQueue() throws Exception {
        try (var server = RedisServer.start(); var ctx = RedisContext.connect(Options.of(server, "restart"))) {
            Queue<String> q = ctx.queue("work");
            q.put("before");
            var waiting = CompletableFuture.supplyAsync(() -> {
                q.get(); // takes "before"
                return q.get(); // then blocks: the server restarts under it
            });
            server.kill();
            server.startProcess(); // same port, empty
            var e = assertThrows(ExecutionException.class, () -> waiting.get(15, TimeUnit.SECONDS));
            assertInstanceOf(SessionLostException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("epoch gone"), e.getCause().getMessage());
            var later = assertThrows(SessionLostException.class, q::getNowait);
            assertTrue(later.getMessage().contains("restarted"), later.getMessage());
        }
    }

    @Test
    void aServerThatIsGoneFailsPendingOperationsWithinTheWindow() throws Exception {
        try (var server = RedisServer.start(); var ctx = RedisContext.connect(Options.of(server, "gone"))) {
            Queue<String> q = ctx.queue();
            var waiting = CompletableFuture.supplyAsync(() -> q.get(Duration.ofSeconds(60)));
            server.kill();
            long t0 = System.nanoTime();
            var e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertInstanceOf(SessionLostException.class, e.getCause(), String.valueOf(e.getCause()));
            // serverTimeout is 2 s in the tests; the wait ends within a few windows, not after 60 s
            assertTrue(took < 12_000, "the pending get failed after " + took + " ms");
            assertThrows(SessionLostException.class, () -> q.put("x"));
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage() throws Exception {
        try (var server = RedisServer.start("--requirepass", "right-password")) {
            var e = assertThrows(SessionLostException.class, () -> RedisContext.connect(
                    Options.builder(server, "auth").password("wrong".toCharArray()).build()));
            assertTrue(e.getMessage().contains("cannot connect to " + server.uri()), e.getMessage());
            try (var ctx = RedisContext.connect(Options.builder(server, "auth").password("right-password".toCharArray()).build())) {
                Queue<Integer> q = ctx.queue();
                q.put(1);
                assertEquals(1, q.get());
            }
        }
    }

    @Test
    void anAclUserLimitedToTheLibrarysPrefixIsEnough() throws Exception {
        try (var server = RedisServer.start("--user", "default", "off", "--user", "mp4j", "on", ">secret-pw",
                "~mp4j:*", "+@all", "-@dangerous")) {
            var opts = Options.builder(server, "acl").user("mp4j").password("secret-pw".toCharArray()).build();
            try (var ctx = RedisContext.connect(opts)) {
                Queue<String> q = ctx.queue("jobs");
                q.put("a");
                assertEquals("a", q.get(Duration.ofMillis(500)));
                ctx.dict("d").put("k", 1);
                ctx.list("l").add("x");
                assertEquals(1, ctx.joinableQueue("j").qsize() + 1);
                String outside = server.commandAs(new String[] {"mp4j", "secret-pw"}, "SET", "other:key", "1");
                assertTrue(outside.startsWith("-NOPERM"), "the user is limited to mp4j:*: " + outside);
            }
            assertEquals("0", server.commandAs(new String[] {"mp4j", "secret-pw"}, "EXISTS", "mp4j:acl:epoch").substring(1));
        }
    }
}
