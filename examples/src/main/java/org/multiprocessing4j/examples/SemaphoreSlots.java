package org.multiprocessing4j.examples;

import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.Value;

import java.util.ArrayList;

/**
 * A {@link Semaphore} of 2 admits at most two of five processes at once.
 *
 * <pre>{@code
 * sem = Semaphore(2)
 * def worker(i):
 *     with sem:
 *         print(f"worker {i} in"); time.sleep(0.3); print(f"worker {i} out")
 * }</pre>
 */
public final class SemaphoreSlots {

    private SemaphoreSlots() {}

    static void worker(Semaphore slots, IntValue inside, int id) {
        slots.acquire();
        try {
            int now = inside.incrementAndGet();
            System.out.println("worker %d in  (%d inside)".formatted(id, now));
            System.out.flush();
            long until = System.nanoTime() + 300_000_000L;   // "work" for 0.3 s
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            inside.addAndGet(-1);
            System.out.println("worker %d out".formatted(id));
            System.out.flush();
        } finally {
            slots.release();
        }
    }

    public static void main(String[] args) {
        var slots = Multiprocessing.semaphore(2);
        var inside = Value.ofInt(0, false);
        var workers = new ArrayList<Process>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            workers.add(new Process(() -> worker(slots, inside, id), "worker-" + i));
        }
        workers.forEach(Process::start);
        workers.forEach(Process::join);
        System.out.println("all done; never more than 2 inside");
    }
}
