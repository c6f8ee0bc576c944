package org.multiprocessing4j;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.RootJvm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A child JVM dies with its parent even when none of its threads can run: its parent-death
 * signal is SIGKILL, whether util-linux's {@code setpriv} set it before the JVM started (the
 * default where it is installed) or the child set it itself
 * ({@code multiprocessing4j.child.setpriv=false}). The child is stopped with SIGSTOP, so its
 * own watch of the parent cannot act; then the parent is killed with SIGKILL.
 */
@EnabledOnOs(OS.LINUX)
class ParentDeathSignalTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "multiprocessing4j.child.setpriv={0}")
    @ValueSource(strings = {"true", "false"})
    void aStoppedChildDiesWithItsKilledParent(String setpriv) throws Exception {
        long child = -1;
        try (var root = RootJvm.start(ParentDeathSignalTest.class, List.of("-Dmultiprocessing4j.child.setpriv=" + setpriv))) {
            child = Long.parseLong(root.awaitLine("child=", LIMIT));
            root.awaitLine("armed=", LIMIT);
            signal("STOP", child);
            root.kill();
            root.waitFor(LIMIT);
            Await.processGone(child, Delays.seconds(10));
        } finally {
            if (child > 0 && ProcessHandle.of(child).isPresent()) {
                signal("KILL", child);
            }
        }
    }

    /** The root program: one child blocked for good, its pid printed once its signal is armed. */
    public static void main(String[] args) {
        var p = new Process(() -> {
            // A child that arms the signal itself does it on this thread, which then parks.
            Await.until("the parent-death signal armed", LIMIT, () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("mp4j-parent-death") && t.getState() == Thread.State.RUNNABLE));
            System.out.println("armed=");
            System.out.flush();
            Await.until("forever", Delays.seconds(600), () -> false);
        });
        p.setDaemon(true);
        p.start();
        System.out.println("child=" + p.pid());
        System.out.flush();
        p.join();
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }
}
