package org.multiprocessing4j.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A host agent in its own JVM (the test's class path), named as a host; killed by {@link #close()}. */
final class AgentJvm implements AutoCloseable {

    private final Process process;
    private final Path authkey;
    final String host;

    private AgentJvm(Process process, Path authkey, String host) {
        this.process = process;
        this.authkey = authkey;
        this.host = host;
    }

    static AgentJvm start(RedisServer server, String session, String host, int slots, String... jvmArgs) throws IOException {
        return start(List.of(), server.uri(), session, host, slots, jvmArgs);
    }

    /**
     * An agent of the server at {@code uri}, its JVM started by {@code wrapper} (which then runs
     * the {@code java} command, e.g. {@code ip netns exec <namespace>}; empty: directly).
     */
    static AgentJvm start(List<String> wrapper, String uri, String session, String host, int slots, String... jvmArgs)
            throws IOException {
        Path key = Files.createTempFile("mp4j-authkey", ".bin");
        Files.write(key, Options.AUTHKEY);
        var cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(java(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xshare:auto"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Agent.class.getName()));
        cmd.addAll(agentArgs(uri, session, host, slots, key));
        return started(new ProcessBuilder(cmd), key, host);
    }

    /**
     * The same agent started as a user starts one: through the module's launcher script
     * {@code bin/mp4j-agent}, with the class path in {@code MP4J_CLASSPATH} and the JDK in
     * {@code JAVA}.
     */
    static AgentJvm startWithScript(RedisServer server, String session, String host, int slots) throws IOException {
        Path key = Files.createTempFile("mp4j-authkey", ".bin");
        Files.write(key, Options.AUTHKEY);
        var cmd = new ArrayList<>(List.of(SCRIPT.toAbsolutePath().toString())); // run as a user runs it: its shebang, its mode
        cmd.addAll(agentArgs(server.uri(), session, host, slots, key));
        var pb = new ProcessBuilder(cmd);
        pb.environment().put("MP4J_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA", java());
        return started(pb, key, host);
    }

    /** The launcher script, from the module's directory (the tests' working directory). */
    static final Path SCRIPT = Path.of("bin", "mp4j-agent");

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> agentArgs(String uri, String session, String host, int slots, Path key) {
        return List.of("--redis", uri, "--authkey-file", key.toString(), "--session", session,
                "--slots", Integer.toString(slots), "--host", host, "--lease-ms", "3000", "--server-timeout-ms", "2000");
    }

    private static AgentJvm started(ProcessBuilder pb, Path key, String host) throws IOException {
        var p = pb.redirectErrorStream(true).start();
        var agent = new AgentJvm(p, key, host);
        var out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        var seen = new StringBuilder();
        while ((line = out.readLine()) != null) { // the agent prints one line once it has joined
            seen.append(line).append('\n');
            if (line.startsWith("mp4j agent ")) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return agent;
            }
        }
        agent.close();
        throw new IOException("the agent exited before it was ready:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the agent's log: read so that it never blocks on a full pipe
            }
        } catch (IOException ignored) {
            // the agent ended
        }
    }

    long pid() {
        return process.pid();
    }

    /** The agent's local worker JVMs. */
    List<ProcessHandle> children() {
        return process.children().toList();
    }

    void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(authkey);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
