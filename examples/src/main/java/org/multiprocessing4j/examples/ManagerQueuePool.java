package org.multiprocessing4j.examples;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.SyncManager;

/**
 * Two pool tasks pass messages through a manager's queue.
 *
 * <pre>{@code
 * def producer(q):
 *     for i in range(5): q.put(f'message {i}')
 *     q.put(None)
 *
 * def consumer(q):
 *     got = []
 *     while (m := q.get()) is not None: got.append(m)
 *     return got
 *
 * with Manager() as manager, Pool(2) as pool:
 *     q = manager.Queue()
 *     c = pool.apply_async(consumer, (q,)); pool.apply_async(producer, (q,))
 *     print(c.get())
 * }</pre>
 *
 * <p>A plain {@code multiprocessing} queue cannot be handed to pool tasks (it must be
 * inherited when a process starts); a manager's queue proxy can go anywhere.
 */
public final class ManagerQueuePool {

    private ManagerQueuePool() {}

    static String producer(Queue<String> q) {
        for (int i = 0; i < 5; i++) {
            q.put("message " + i + " from pid " + ProcessHandle.current().pid());
        }
        q.put(null);
        return "sent 5";
    }

    static java.util.List<String> consumer(Queue<String> q) {
        var got = new java.util.ArrayList<String>();
        for (String m = q.get(); m != null; m = q.get()) {
            got.add(m);
        }
        return got;
    }

    public static void main(String[] args) {
        try (SyncManager manager = Manager.start(); Pool pool = Pool.builder().processes(2).build()) {
            Queue<String> q = manager.queue();
            AsyncResult<java.util.List<String>> received = pool.applyAsync(() -> consumer(q));
            AsyncResult<String> sent = pool.applyAsync(() -> producer(q));
            System.out.println("producer: " + sent.get(java.time.Duration.ofSeconds(60)));
            received.get(java.time.Duration.ofSeconds(60)).forEach(m -> System.out.println("consumer got: " + m));
        }
    }
}
