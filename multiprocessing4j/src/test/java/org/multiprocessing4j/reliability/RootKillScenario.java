package org.multiprocessing4j.reliability;

import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.sharedmemory.SharedMemory;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The root JVM that {@link RootKillTest} kills with {@code kill -9}: it builds a process tree
 * that holds everything that must be cleaned up, prints it as {@code key=value} lines, then
 * blocks. Argument: the number of plain children.
 */
public final class RootKillScenario {

    private RootKillScenario() {}

    /**
     * Not the library's default {@code mp4j-} prefix: the leak checks of other test JVMs on the
     * same machine remove {@code mp4j-*} blocks that appear while they run, and would remove
     * these before the kill. {@link RootKillTest} checks these blocks itself.
     */
    static String blockName() {
        return "mp4jrk-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    }

    public static void main(String[] args) {
        int children = Integer.parseInt(args[0]);
        var lock = Multiprocessing.lock();
        var counter = Value.ofLong(0);
        LongArray pids = SharedArray.ofLongs(children + 1, false);
        var named = new ArrayList<String>();
        var block = SharedMemory.create(blockName(), 4096);
        named.add(block.name());
        // plain children that use the shared objects; the first also starts a grandchild and
        // creates a named block of its own
        var procs = new ArrayList<Process>();
        for (int i = 0; i < children; i++) {
            int index = i;
            procs.add(Process.builder().jvmArgs("-Xmx48m").target(() -> {
                lock.acquire();
                counter.set(counter.get() + 1);
                lock.release();
                if (index == 0) {
                    var own = SharedMemory.create(blockName(), 4096);
                    own.buffer().putLong(0, 7);
                    var grandchild = Process.builder().jvmArgs("-Xmx48m")
                            .target(() -> Await.until("killed", Delays.seconds(300), () -> false)).build();
                    grandchild.start();
                    pids.set(children, grandchild.pid());
                    System.out.println("named=" + own.name());
                    System.out.flush();
                }
                Await.until("killed", Delays.seconds(300), () -> false);
            }).build());
        }
        procs.forEach(Process::start);
        Await.until("every child counted", Delays.seconds(120), () -> counter.get() == children && pids.get(children) != 0);
        var pool = Pool.builder().processes(2).jvmArgs("-Xmx48m").build();
        var workers = new TreeSet<Long>(pool.map((Integer x) -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6), 1));
        var all = new ArrayList<Long>();
        procs.forEach(p -> all.add(p.pid()));
        all.add(pids.get(children));
        all.addAll(workers);
        // every descendant, whatever started it (pool workers, spares)
        ProcessHandle.current().descendants().forEach(h -> {
            if (!all.contains(h.pid())) {
                all.add(h.pid());
            }
        });
        System.out.println("session=" + Session.existing());
        for (String n : named) {
            System.out.println("named=" + n);
        }
        System.out.println("pids=" + all.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        System.out.println("ready=" + all.size());
        System.out.flush();
        Await.until("killed", Delays.seconds(300), () -> false);
    }
}
