package org.multiprocessing4j.examples;

import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.Namespace;
import org.multiprocessing4j.managers.SyncManager;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A child changes a manager's value, array, dict, list and namespace; the parent prints them.
 *
 * <pre>{@code
 * def f(num, arr, d, l, ns):
 *     num.value = 3.1415927
 *     for i in range(len(arr)): arr[i] = -arr[i]
 *     d[1] = '1'; d['2'] = 2; d[0.25] = None
 *     l.reverse()
 *     ns.x = 10
 *
 * with Manager() as manager:
 *     num = manager.Value('d', 0.0); arr = manager.Array('i', range(10))
 *     d = manager.dict(); l = manager.list(range(10)); ns = manager.Namespace()
 *     p = Process(target=f, args=(num, arr, d, l, ns)); p.start(); p.join()
 *     print(num.value, arr[:], d, l, ns)
 * }</pre>
 *
 * <p>The objects live in the manager's process; the child and the parent hold proxies, and
 * every call is a round trip to the manager. Proxies travel to the child like any captured
 * value and reconnect there. {@code f} takes the same {@code DoubleValue} and {@code IntArray}
 * types that {@code Value.ofDouble} and {@code SharedArray.ofInts} return in shared memory.
 */
public final class ManagerSharedState {

    private ManagerSharedState() {}

    static void f(DoubleValue num, IntArray arr, Map<Object, Object> d, List<Integer> l, Namespace ns) {
        num.set(3.1415927);
        for (int i = 0; i < arr.length(); i++) {
            arr.set(i, -arr.get(i));
        }
        d.put(1, "1");
        d.put("2", 2);
        d.put(0.25, null);
        java.util.Collections.reverse(l); // element by element through the proxy: each set is a call
        ns.set("x", 10);
    }

    public static void main(String[] args) {
        try (SyncManager manager = Manager.start()) {
            DoubleValue num = manager.value(0.0);
            IntArray arr = manager.array(IntStream.range(0, 10).toArray());
            Map<Object, Object> d = manager.dict();
            List<Integer> l = manager.list(IntStream.range(0, 10).boxed().toList());
            Namespace ns = manager.namespace();
            var p = new Process(() -> f(num, arr, d, l, ns));
            p.start();
            p.join();
            System.out.println(num.get());
            System.out.println(Arrays.toString(arr.toArray()));
            System.out.println(d);
            System.out.println(l);
            System.out.println(ns);
        }
    }
}
