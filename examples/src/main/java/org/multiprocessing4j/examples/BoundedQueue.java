package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueFullException;

/**
 * A bounded {@link Queue}: once it holds {@code maxsize} items it is {@code full()}, a
 * non-blocking put fails with {@link QueueFullException} and the contents stay as they were;
 * a child then drains it.
 *
 * <pre>{@code
 * q = Queue(maxsize=3)
 * for i in range(3): q.put(i)
 * print(q.full())                      # True
 * try: q.put_nowait(3)
 * except queue.Full: print("full")
 * }</pre>
 */
public final class BoundedQueue {

    private BoundedQueue() {}

    static void drain(Queue<String> q) {
        for (int i = 0; i < 3; i++) {
            System.out.println("child: got " + q.get());
        }
    }

    public static void main(String[] args) {
        Queue<String> q = Multiprocessing.queue(3);
        for (int i = 0; i < 3; i++) {
            q.put("item-" + i);
        }
        System.out.println("main: qsize = " + q.qsize() + ", full() = " + q.full());
        try {
            q.putNowait("one too many");
        } catch (QueueFullException e) {
            System.out.println("main: putNowait failed: " + e.getMessage());
        }
        System.out.println("main: still " + q.qsize() + " items");
        System.out.flush();
        var p = new Process(() -> drain(q), "drainer");
        p.start();
        p.join();
        System.out.println("main: after the child, empty() = " + q.empty() + ", full() = " + q.full());
    }
}
