package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * A producer and a consumer process over a {@link Queue}, with {@code null} as the "no more
 * work" sentinel.
 *
 * <pre>{@code
 * def producer(q):
 *     for i in range(5): q.put(i * i)
 *     q.put(None)
 * def consumer(q):
 *     while (item := q.get()) is not None: print("consumed", item)
 * }</pre>
 */
public final class QueueProducerConsumer {

    private QueueProducerConsumer() {}

    static void producer(Queue<Integer> q) {
        for (int i = 0; i < 5; i++) {
            System.out.println("producer: put " + i * i);
            System.out.flush();
            q.put(i * i);
        }
        q.put(null); // the sentinel: no more items
    }

    static void consumer(Queue<Integer> q) {
        int sum = 0;
        for (Integer item = q.get(); item != null; item = q.get()) {
            System.out.println("consumer: got " + item);
            System.out.flush();
            sum += item;
        }
        System.out.println("consumer: sentinel received, sum = " + sum);
    }

    public static void main(String[] args) {
        Queue<Integer> q = Multiprocessing.queue();
        var consumer = new Process(() -> consumer(q), "consumer");
        var producer = new Process(() -> producer(q), "producer");
        consumer.start();
        producer.start();
        producer.join();
        consumer.join();
        System.out.println("main: both done, exit codes " + producer.exitCode() + " and " + consumer.exitCode());
    }
}
