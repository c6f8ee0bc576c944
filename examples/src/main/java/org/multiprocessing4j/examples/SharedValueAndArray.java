package org.multiprocessing4j.examples;

import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.Value;

import java.util.Arrays;

/**
 * A child changes a shared {@link Value} and a shared array; the parent sees the changes.
 *
 * <pre>{@code
 * def f(n, a):
 *     n.value = 3.1415927
 *     for i in range(len(a)): a[i] = -a[i]
 * num = Value('d', 0.0); arr = Array('i', range(10))
 * p = Process(target=f, args=(num, arr)); p.start(); p.join()
 * print(num.value, arr[:])
 * }</pre>
 */
public final class SharedValueAndArray {

    private SharedValueAndArray() {}

    static void f(DoubleValue n, IntArray a) {
        n.set(3.1415927);
        for (int i = 0; i < a.length(); i++) {
            a.set(i, -a.get(i));
        }
    }

    public static void main(String[] args) {
        var num = Value.ofDouble(0.0);
        var arr = SharedArray.ofInts(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        var p = new Process(() -> f(num, arr));
        p.start();
        p.join();
        System.out.println(num.get());
        System.out.println(Arrays.toString(arr.toArray()));
    }
}
