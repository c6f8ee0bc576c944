package org.multiprocessing4j.examples;

import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * A {@link JoinableQueue} served by a daemonic consumer process that never returns: the
 * producer puts the work and {@code join()}s the queue, which returns once every item has been
 * reported done with {@code taskDone()}. The daemon is terminated when the main process exits.
 *
 * <pre>{@code
 * def worker(q):
 *     while True:
 *         item = q.get(); print("working on", item); q.task_done()
 * q = JoinableQueue()
 * Process(target=worker, args=(q,), daemon=True).start()
 * for item in range(5): q.put(item)
 * q.join(); print("all work completed")
 * }</pre>
 */
public final class JoinableQueueWorkers {

    private JoinableQueueWorkers() {}

    static void worker(JoinableQueue<String> q) {
        while (true) {
            String item = q.get();
            System.out.println("worker: working on " + item);
            System.out.flush();
            q.taskDone();
        }
    }

    public static void main(String[] args) {
        JoinableQueue<String> q = Multiprocessing.joinableQueue();
        var worker = Process.builder().target(() -> worker(q)).name("worker").daemon(true).build();
        worker.start();
        for (int i = 0; i < 5; i++) {
            q.put("task-" + i);
        }
        System.out.println("main: all tasks put, joining the queue");
        System.out.flush();
        q.join();
        System.out.println("main: all work completed; the daemonic worker is terminated at exit");
        worker.terminate(); // what exit would do; the tour runs on in this JVM
        worker.join();
    }
}
