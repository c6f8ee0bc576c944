package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Each process has its own memory: what a child changes, the parent does not see.
 *
 * <pre>{@code
 * result = []
 * def square_list(mylist):
 *     for num in mylist:
 *         result.append(num * num)
 *     print('Result (in process p1):', result)
 *
 * p1 = Process(target=square_list, args=(mylist,)); p1.start(); p1.join()
 * print('Result (in main program):', result)
 * }</pre>
 */
public final class DataIsolation {

    private DataIsolation() {}

    /** A "global" of this program. */
    static final List<Integer> RESULT = new ArrayList<>();

    static void squareList(List<Integer> numbers) {
        for (int n : numbers) {
            RESULT.add(n * n);
        }
        System.out.println("Result (in the child process): " + RESULT);
    }

    public static void main(String[] args) {
        List<Integer> numbers = List.of(1, 2, 3, 4);
        var p = new Process(() -> squareList(numbers));
        p.start();
        p.join();
        System.out.println("Result (in the main program):  " + RESULT + "   <- the child changed its own copy");
    }
}
