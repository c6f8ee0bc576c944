package org.multiprocessing4j.reliability;

import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The manager's JVM of {@link ResourceExhaustionTest#aTcpManagerOutOfDescriptorsBacksOff...}:
 * serves a TCP manager under a limit of 256 descriptors, takes every free one when told, and
 * reports the CPU time its accept loop used while a client waited. Steps come on stdin
 * ({@code exhaust}, {@code measure}, {@code stop}); results are {@code key=value} lines.
 *
 * <p>As in {@link DescriptorExhaustionScenario}, Linux reserves a descriptor for a blocked
 * {@code accept}: a connection of our own takes it, after which every {@code accept} fails at
 * once with "Too many open files".
 */
public final class ManagerDescriptorScenario {

    static final byte[] KEY = "descriptor-scenario".getBytes();

    private ManagerDescriptorScenario() {}

    public static void main(String[] args) throws Exception {
        DescriptorExhaustionScenario.limitDescriptors(256);
        var steps = new BufferedReader(new InputStreamReader(System.in));
        var threads = ManagementFactory.getThreadMXBean();
        var manager = SyncManager.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .authkey(KEY).build();
        var accepting = Thread.ofPlatform().name("manager-accept").start(manager::serveForever);
        Await.until("the manager listens", Delays.seconds(30), () -> manager.address() != null);
        var address = (InetSocketAddress) manager.address();
        System.out.println("port=" + address.getPort());
        threads.getThreadCpuTime(accepting.threadId()); // its classes loaded while there are descriptors

        expect(steps, "exhaust"); // the test has made one call: the server's classes are loaded
        List<FileChannel> taken = DescriptorExhaustionScenario.takeAll();
        taken.removeLast().close(); // for our end of the connection that takes the reserved one
        var own = SocketChannel.open(address);
        System.out.println("exhausted=" + taken.size());

        expect(steps, "measure"); // a client is waiting to be accepted
        long before = threads.getThreadCpuTime(accepting.threadId());
        long start = System.nanoTime();
        Thread.sleep(1500); // the window measured, not a synchronisation
        long cpu = threads.getThreadCpuTime(accepting.threadId()) - before;
        long window = System.nanoTime() - start;
        // all but the reserved one first: a retry then finds plenty, not one descriptor for the
        // connection and none for serving it (which the server would have to close again)
        taken.forEach(DescriptorExhaustionScenario::closeQuietly);
        own.close();
        System.out.println("accept-cpu-percent=" + (100 * cpu / window));
        System.out.println("freed=true");

        expect(steps, "stop");
        manager.shutdown();
        accepting.join(Delays.seconds(30).toMillis());
        System.out.println("stopped=" + !accepting.isAlive());
    }

    private static void expect(BufferedReader steps, String step) throws java.io.IOException {
        String line = steps.readLine();
        if (!step.equals(line)) {
            throw new IllegalStateException("expected step '" + step + "' on stdin, got " + line);
        }
    }
}
