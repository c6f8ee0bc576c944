package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * A {@code Process} subclass overriding {@code run()}: its fields travel to the child with it.
 *
 * <pre>{@code
 * class Worker(Process):
 *     def __init__(self, n):
 *         super().__init__()
 *         self.n = n
 *     def run(self):
 *         print(f'{self.name}: {self.n} squared is {self.n * self.n}')
 * }</pre>
 */
public final class ProcessSubclass {

    private ProcessSubclass() {}

    static final class Squarer extends Process {
        private final int n;

        Squarer(int n) {
            this.n = n;
        }

        @Override
        public void run() {
            System.out.println("%s: %d squared is %d (running in pid %d)".formatted(Multiprocessing.currentProcess().getName(), n, n * n, ProcessHandle.current().pid()));
        }
    }

    public static void main(String[] args) {
        var p = new Squarer(12);
        p.start();
        p.join();
        System.out.println(p + " finished");
    }
}
