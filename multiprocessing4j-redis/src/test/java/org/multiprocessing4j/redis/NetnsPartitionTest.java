package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.RootJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real network partition between an agent and the server: two network namespaces made by the
 * test, joined by a veth pair and with no route out; the server and the driver ({@link
 * PartitionDriver}) run in one, the agent and its workers in the other, and the test cuts the
 * agent's link past its lease, then restores it. Every process of the test that speaks to the
 * network runs inside those namespaces; from the root namespace the test only runs {@code ip},
 * and a blackhole route for the test's subnet stands there for its duration, so that nothing
 * could reach that subnet through the machine's default route.
 *
 * <p>Runs only as root on Linux with {@code ip} in {@code /usr/sbin}, {@code /sbin} or
 * {@code /usr/bin}, where network namespaces can be made (not in every container); skipped with
 * the reason printed otherwise. The cut is {@code ip link set ... down} inside the agent's
 * namespace, so no firewall tool ({@code nft}) is needed.
 */
class NetnsPartitionTest {

    private static final String SUBNET = "10.213.77.0/24";
    private static final String SERVER_ADDRESS = "10.213.77.1";
    private static final String AGENT_ADDRESS = "10.213.77.2";
    private static final int PORT = 6379;
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private final String suffix = Long.toString(ProcessHandle.current().pid());
    private final String serverNs = "mp4j-s" + suffix;
    private final String agentNs = "mp4j-a" + suffix;
    private final String serverLink = "mp4js" + suffix;
    private final String agentLink = "mp4ja" + suffix;
    private Process server;

    @Test
    void anAgentCutOffPastItsLeaseIsReapedAndItsLateResultIsRefusedOnceTheLinkIsBack() throws Exception {
        String ip = ipCommand();
        assumeTrue(ip != null, () -> skip("no ip command in /usr/sbin, /sbin or /usr/bin"));
        assumeTrue(isRoot(), () -> skip("not running as root"));
        assumeTrue(run(ip, "netns", "add", serverNs) == 0, () -> skip("cannot make a network namespace here"));
        boolean routed = false;
        try {
            assumeTrue(run(ip, "netns", "add", agentNs) == 0, () -> skip("cannot make a second network namespace"));
            // A blackhole for the test's subnet in the root namespace, for the test's duration.
            routed = run(ip, "route", "add", "blackhole", SUBNET) == 0;
            assumeTrue(routed, () -> skip("the root namespace already routes " + SUBNET));
            mustRun(ip, "link", "add", serverLink, "type", "veth", "peer", "name", agentLink);
            mustRun(ip, "link", "set", serverLink, "netns", serverNs);
            mustRun(ip, "link", "set", agentLink, "netns", agentNs);
            setUp(ip, serverNs, serverLink, SERVER_ADDRESS);
            setUp(ip, agentNs, agentLink, AGENT_ADDRESS);

            String uri = "redis://" + SERVER_ADDRESS + ":" + PORT;
            List<String> inServerNs = List.of(ip, "netns", "exec", serverNs);
            Path log = Files.createTempFile("mp4j-netns-redis-", ".log");
            try {
                var cmd = new ArrayList<>(inServerNs);
                cmd.addAll(List.of(RedisServer.binary().toString(), "--bind", SERVER_ADDRESS, "--port", Integer.toString(PORT),
                        "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", log.toString()));
                server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Await.until("redis-server listens in its namespace", LIMIT,
                        () -> read(log).contains("Ready to accept connections") || !server.isAlive());
                assertTrue(server.isAlive(), "redis-server did not start: " + read(log));

                try (var agent = AgentJvm.start(List.of(ip, "netns", "exec", agentNs), uri, "death", "host-p", 1);
                     var driver = RootJvm.start(inServerNs, PartitionDriver.class, List.of(), uri, "death")) {
                    driver.awaitLine("STARTED", LIMIT); // the task runs on the agent
                    mustRun(ip, "netns", "exec", agentNs, ip, "link", "set", agentLink, "down"); // the cut
                    try {
                        String lost = driver.awaitLine("LOST ", LIMIT);
                        assertTrue(lost.contains("host-p"), lost);
                        Thread.sleep(3_000); // the scenario: the worker finishes its task while its agent is cut off
                    } finally {
                        mustRun(ip, "netns", "exec", agentNs, ip, "link", "set", agentLink, "up");
                    }
                    driver.tell("HEALED");
                    assertEquals("7", driver.awaitLine("APPLY ", LIMIT), "the agent did not come back");
                    assertEquals("0", driver.awaitLine("IGNORED ", LIMIT),
                            "a late result reached the driver: the fenced ack should have refused it");
                    assertEquals(0, driver.waitFor(Duration.ofSeconds(60)), "the driver did not end cleanly");
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } finally {
            if (server != null) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            run(ip, "netns", "del", agentNs);
            run(ip, "netns", "del", serverNs); // the veth pair goes with its namespaces
            if (routed) {
                run(ip, "route", "del", "blackhole", SUBNET);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return ""; // not written yet
        }
    }

    private static String skip(String why) {
        String reason = "skipped, a partition in network namespaces needs root, ip and netns: " + why;
        System.out.println("NetnsPartitionTest " + reason);
        return reason;
    }

    private static String ipCommand() {
        for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }

    private static void setUp(String ip, String ns, String link, String address) throws Exception {
        mustRun(ip, "netns", "exec", ns, ip, "link", "set", "lo", "up");
        mustRun(ip, "netns", "exec", ns, ip, "addr", "add", address + "/24", "dev", link);
        mustRun(ip, "netns", "exec", ns, ip, "link", "set", link, "up");
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static void mustRun(String... cmd) throws IOException, InterruptedException {
        assertEquals(0, run(cmd), "failed: " + String.join(" ", cmd));
    }
}
