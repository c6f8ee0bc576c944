package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

import java.util.ArrayList;

/**
 * Start several processes, then wait for all of them.
 *
 * <pre>{@code
 * procs = [Process(target=work, args=(i,)) for i in range(4)]
 * for p in procs: p.start()
 * for p in procs: p.join()
 * }</pre>
 */
public final class JoinSeveral {

    private JoinSeveral() {}

    static void work(int i) {
        long sum = 0;
        for (int k = 0; k < 20_000_000; k++) {
            sum += k % (i + 2);
        }
        System.out.println("worker %d (%s) computed %d".formatted(i, Multiprocessing.currentProcess().getName(), sum));
    }

    public static void main(String[] args) {
        var procs = new ArrayList<Process>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            procs.add(new Process(() -> work(n)));
        }
        long start = System.nanoTime();
        procs.forEach(Process::start);
        System.out.println("active children: " + Multiprocessing.activeChildren().size());
        procs.forEach(Process::join);
        System.out.println("all %d joined after %d ms; exit codes %s".formatted(procs.size(),
                (System.nanoTime() - start) / 1_000_000, procs.stream().map(Process::exitCode).toList()));
    }
}
