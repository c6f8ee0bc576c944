package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent as users start it: through {@code bin/mp4j-agent}. */
class AgentScriptTest {

    @Test
    void anAgentStartedByTheLauncherScriptRunsAPoolsTasks() throws Exception {
        try (var server = RedisServer.start();
             var agent = AgentJvm.startWithScript(server, "script", "host-s", 1);
             var ctx = RedisContext.connect(Options.of(server, "script"));
             var pool = ctx.pool(1)) {
            assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
            assertTrue(agent.isAlive());
            // the script execs the JVM: the agent's process is the java it started
            assertTrue(ProcessHandle.of(agent.pid()).flatMap(h -> h.info().command()).orElse("").endsWith("java"),
                    "the script should exec java, not keep a shell around it");
        }
    }

    @Test
    void withoutAClassPathTheScriptSaysWhatToSet() throws Exception {
        var p = new ProcessBuilder(AgentJvm.SCRIPT.toAbsolutePath().toString(), "--redis", "redis://127.0.0.1:1")
                .redirectErrorStream(true);
        p.environment().remove("MP4J_CLASSPATH");
        var proc = p.start();
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, proc.exitValue(), out);
        assertTrue(out.contains("set MP4J_CLASSPATH to the application's class path"), out);
    }
}
