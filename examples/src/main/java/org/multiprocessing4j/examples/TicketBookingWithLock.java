package org.multiprocessing4j.examples;

import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.Value;

import java.util.ArrayList;

/**
 * The ticket booking of {@link TicketBookingRace}, fixed: the agents take a {@link Lock} around
 * "read the count, check it, write it back", so no seat is sold twice.
 *
 * <pre>{@code
 * seats = Value('i', SEATS, lock=False); lock = Lock()
 * def agent(i):
 *     while True:
 *         with lock:
 *             if seats.value <= 0: break
 *             seats.value -= 1
 *         sold[i] += 1
 * }</pre>
 */
public final class TicketBookingWithLock {

    private TicketBookingWithLock() {}

    static final int SEATS = 20_000;
    static final int AGENTS = 4;

    static void agent(IntValue seats, Lock lock, IntArray sold, Barrier allReady, int id) {
        allReady.await();                        // every agent's JVM is up: they really sell at the same time
        int mine = 0;
        while (true) {
            lock.acquire();
            try {
                int left = seats.get();          // read the count
                if (left <= 0) {
                    break;
                }
                seats.set(left - 1);             // write it back: nobody else can be in between
            } finally {
                lock.release();
            }
            mine++;
        }
        sold.set(id, mine);
    }

    public static void main(String[] args) {
        var seats = Value.ofInt(SEATS, false);
        var lock = Multiprocessing.lock();
        var sold = SharedArray.ofInts(AGENTS, false);
        var allReady = Multiprocessing.barrier(AGENTS);
        var agents = new ArrayList<Process>();
        for (int i = 0; i < AGENTS; i++) {
            int id = i;
            agents.add(new Process(() -> agent(seats, lock, sold, allReady, id), "agent-" + i));
        }
        agents.forEach(Process::start);
        agents.forEach(Process::join);
        int total = 0;
        for (int i = 0; i < AGENTS; i++) {
            total += sold.get(i);
            System.out.println("agent-%d sold %d tickets".formatted(i, sold.get(i)));
        }
        System.out.println("%d tickets sold for %d seats, %d left: %s".formatted(total, SEATS, seats.get(),
                total == SEATS ? "exact, the lock prevents the race" : "WRONG"));
    }
}
