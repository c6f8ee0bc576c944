package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * The first program of every tutorial: a function run in a child process.
 *
 * <pre>{@code
 * def f(name):
 *     print('hello', name)
 *
 * if __name__ == '__main__':
 *     p = Process(target=f, args=('bob',))
 *     p.start()
 *     p.join()
 * }</pre>
 */
public final class HelloProcess {

    private HelloProcess() {}

    static void greet(String name) {
        var me = Multiprocessing.currentProcess();
        System.out.println("hello %s, from %s (pid %d, parent %s)".formatted(name, me.getName(), me.pid(), Multiprocessing.parentProcess().getName()));
    }

    public static void main(String[] args) {
        var p = new Process(() -> greet("bob"));
        p.start();
        p.join();
        System.out.println("%s ended with exit code %d; the parent is %s, pid %d".formatted(p.getName(), p.exitCode(), Multiprocessing.currentProcess().getName(), ProcessHandle.current().pid()));
    }
}
