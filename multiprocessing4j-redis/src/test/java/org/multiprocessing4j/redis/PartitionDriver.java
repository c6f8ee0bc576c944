package org.multiprocessing4j.redis;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.redis.internal.RedisWorkerPool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.List;

/**
 * The driver of {@link NetnsPartitionTest}, a JVM of its own inside the server's network
 * namespace: it runs a task on the agent of the other namespace, and reports on stdout what it
 * sees while the test cuts that namespace's link and then restores it. Lines: {@code STARTED}
 * (the task runs on the agent), {@code LOST <message>} or {@code NOT-LOST <what>}, then, after
 * the test writes {@code HEALED} on stdin, {@code APPLY <value>} and {@code IGNORED <late
 * results that reached the pool>}.
 */
public final class PartitionDriver {

    private PartitionDriver() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        var options = Options.builder(uri, args[1]).build();
        var stdin = new BufferedReader(new InputStreamReader(System.in));
        try (var ctx = RedisContext.connect(options); var pool = ctx.pool(1)) {
            List<String> marks = ctx.list("started");
            AsyncResult<String> r = pool.applyAsync(() -> {
                AgentDeathTest.markStarted(uri);
                Thread.sleep(5_000); // its worker JVM runs on while its agent is cut off
                return "late";
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (marks.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    System.out.println("NOT-STARTED");
                    return;
                }
                Thread.sleep(50); // polling the task's mark
            }
            System.out.println("STARTED");
            try {
                System.out.println("NOT-LOST " + r.get(Duration.ofSeconds(30)));
            } catch (WorkerLostException e) {
                System.out.println("LOST " + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
                System.out.println("NOT-LOST " + e);
            }
            if (!"HEALED".equals(stdin.readLine())) {
                return;
            }
            // the agent finds its lease gone, kills its workers, and comes back as a new party
            System.out.println("APPLY " + pool.apply(() -> 7));
            System.out.println("IGNORED " + ((RedisWorkerPool) Access.pool().workers(pool)).ignoredResults());
        }
    }
}
