package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.managers.SyncManager;

import java.util.concurrent.ConcurrentMap;

/**
 * What the AOT cache's training run does ({@code internal.spawn.AotCache}): the message paths
 * most children use — a pipe round trip, a queue, calls on a manager's dict with client and
 * server in this JVM — a few thousand times each, so that the cache holds their classes, linked,
 * and the JIT's profiles of them (JEP 483/515). A child started with the cache then runs those
 * paths compiled sooner; measured on the manager workload of the benchmarks.
 */
final class AotTraining {

    static final int ROUNDS = 3000;

    private AotTraining() {}

    /**
     * Each part on its own: one that fails (an unusual environment) leaves the others' classes
     * and profiles in the cache, and its error in the cache's log (this JVM's output goes there).
     */
    static void run() {
        for (Runnable part : new Runnable[] {AotTraining::pipe, AotTraining::queue, AotTraining::manager}) {
            try {
                part.run();
            } catch (RuntimeException e) {
                System.err.println("AOT training: a part failed, the cache is built without it: " + e);
            }
        }
    }

    private static void pipe() {
        try (Pipe pipe = Multiprocessing.pipe()) {
            for (int i = 0; i < ROUNDS; i++) {
                pipe.left().send(i);
                pipe.right().send(pipe.right().<Integer>recv() + 1);
                pipe.left().recv();
                pipe.left().sendBytes(new byte[16]);
                pipe.right().recvBytes();
            }
        }
    }

    private static void queue() {
        Queue<Object> queue = Multiprocessing.queue();
        for (int i = 0; i < ROUNDS; i++) {
            queue.put(i);
            queue.get();
        }
        queue.close();
        queue.joinThread();
    }

    /** A manager served on a thread of this JVM, used through a connected client as a child would. */
    private static void manager() {
        var server = SyncManager.builder().build();
        var serving = Thread.ofPlatform().daemon().name("aot-training-manager").start(server::serveForever);
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (server.address() == null) { // it binds at once; nothing else to wait on here
                if (!serving.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the training manager did not start");
                }
                Thread.onSpinWait();
            }
            try (var client = SyncManager.builder().address(server.address()).build().connect()) {
                ConcurrentMap<Integer, Object> dict = client.dict();
                for (int i = 0; i < ROUNDS; i++) {
                    dict.put(i % 100, i);
                    dict.get(i % 100);
                }
            }
        } finally {
            server.shutdown();
        }
        try {
            serving.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
