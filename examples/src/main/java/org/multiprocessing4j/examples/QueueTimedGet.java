package org.multiprocessing4j.examples;

import org.multiprocessing4j.Event;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;

import java.time.Duration;

/**
 * A reader that gets with a timeout: it reports each quiet spell and stops at the sentinel.
 * The writer pauses between messages so that some gets time out.
 *
 * <pre>{@code
 * def reader(q):
 *     while True:
 *         try: msg = q.get(timeout=0.3)
 *         except queue.Empty: print("nothing yet"); continue
 *         if msg is None: break
 *         print("read", msg)
 * }</pre>
 */
public final class QueueTimedGet {

    private QueueTimedGet() {}

    static void reader(Queue<String> q, Event ready) {
        ready.set();
        while (true) {
            String msg;
            try {
                msg = q.get(Duration.ofMillis(300));
            } catch (QueueEmptyException e) {
                System.out.println("reader: nothing within 300 ms (" + e.getMessage() + ")");
                System.out.flush();
                continue;
            }
            if (msg == null) {
                System.out.println("reader: done");
                return;
            }
            System.out.println("reader: read '" + msg + "'");
            System.out.flush();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Queue<String> q = Multiprocessing.queue();
        var ready = Multiprocessing.event();
        var reader = new Process(() -> reader(q, ready), "reader");
        reader.start();
        ready.await(); // the child JVM is up and reading
        for (String msg : new String[] {"first", "second"}) {
            Thread.sleep(700); // a quiet spell: the reader's timed gets expire meanwhile
            q.put(msg);
        }
        q.put(null);
        reader.join();
    }
}
