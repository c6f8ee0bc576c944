package org.multiprocessing4j.internal.manager;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The methods of a proxied interface, numbered the same way in every JVM that has the same
 * interface: public instance methods sorted by name, parameter types and return type. A call
 * travels as the method's number.
 */
final class MethodTable {

    private static final ClassValue<MethodTable> TABLES = new ClassValue<>() {
        @Override
        protected MethodTable computeValue(Class<?> type) {
            return new MethodTable(type);
        }
    };

    private final Class<?> iface;
    private final Method[] methods;
    private final Map<Method, Integer> index = new HashMap<>(); // by Method.equals; filled once
    /**
     * By identity, the Method objects callers actually pass (a proxy class holds its own copies,
     * and Method.equals compares names and parameter arrays): copied on write, a handful of
     * entries per proxy class.
     */
    private volatile Map<Method, Integer> seen = new IdentityHashMap<>();

    private MethodTable(Class<?> iface) {
        this.iface = iface;
        // Plain loops and one signature per method: this runs on a child's first call, when
        // streams and lambdas would still have to be linked (measured 8-9 ms for ConcurrentMap).
        Method[] all = iface.getMethods();
        var keyed = new java.util.ArrayList<Map.Entry<String, Method>>(all.length);
        for (Method m : all) {
            if (!Modifier.isStatic(m.getModifiers())) {
                keyed.add(Map.entry(signature(m), m));
            }
        }
        keyed.sort(Map.Entry.comparingByKey());
        this.methods = new Method[keyed.size()];
        for (int i = 0; i < methods.length; i++) {
            methods[i] = keyed.get(i).getValue();
            index.put(methods[i], i);
        }
    }

    static MethodTable of(Class<?> iface) {
        return TABLES.get(iface);
    }

    /** The number of {@code m}, or -1 when it is not a method of the interface (e.g. Object's). */
    int indexOf(Method m) {
        Integer i = seen.get(m);
        if (i != null) {
            return i;
        }
        int j = find(m);
        if (j >= 0) {
            synchronized (this) {
                var copy = new IdentityHashMap<>(seen);
                copy.put(m, j);
                seen = copy;
            }
        }
        return j;
    }

    private int find(Method m) {
        Integer i = index.get(m);
        if (i != null) {
            return i;
        }
        // the same method reached through a sub-interface (a covariant or re-declared one)
        for (int j = 0; j < methods.length; j++) {
            if (methods[j].getName().equals(m.getName())
                    && Arrays.equals(methods[j].getParameterTypes(), m.getParameterTypes())) {
                return j;
            }
        }
        return -1;
    }

    Method method(int i) {
        if (i < 0 || i >= methods.length) {
            throw new IllegalArgumentException("no method number " + i + " in " + iface.getName()
                    + " (" + methods.length + " methods): are both sides using the same version of it?");
        }
        return methods[i];
    }

    /** Name, parameter types and return type; the order of the table. */
    private static String signature(Method m) {
        var sb = new StringBuilder(m.getName()).append('[');
        Class<?>[] params = m.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(params[i].getName());
        }
        return sb.append(']').append(m.getReturnType().getName()).toString();
    }
}
