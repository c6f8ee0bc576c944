package org.multiprocessing4j.internal.wire;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Says where in a value the object that cannot be serialised is, in the user's terms: the
 * field of the user's class ({@code Job.socket}) or the value a lambda captured ("the lambda
 * written in {@code Main.main} captures ..."), and what to change.
 *
 * <p>A breadth-first walk over fields, collection elements, map entries, array elements and
 * the values serialisable lambdas captured, at most {@value #LIMIT} objects; fields that cannot
 * be read (the JDK's own) are not entered.
 */
final class Unsendable {

    static final int LIMIT = 10_000;

    private record Step(Object value, String path) {}

    private Unsendable() {}

    /**
     * A sentence naming where in {@code root} an instance of {@code offending} is held and what
     * to do, or null if the walk does not find it.
     */
    static String explain(Object root, String offending) {
        String[] found = find(root, offending);
        if (found == null) {
            return null;
        }
        String path = found[0];
        String simple = offending.substring(offending.lastIndexOf('.') + 1);
        return (path == null ? "what is sent" : path) + " is " + article(simple) + " " + offending + ", which belongs to this process and cannot be sent"
                + " to another one: make that field transient (or do not capture it) and create the " + simple
                + " in the process that uses it, or send the data needed to create it there";
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** {path} of the first instance of {@code offending} below {@code root} (path null: directly in a holder of ours), or null. */
    private static String[] find(Object root, String offending) {
        var seen = new IdentityHashMap<Object, Boolean>();
        var queue = new ArrayDeque<Step>();
        queue.add(new Step(root, null));
        while (!queue.isEmpty() && seen.size() < LIMIT) {
            var step = queue.poll();
            Object v = step.value();
            if (v == null || seen.put(v, Boolean.TRUE) != null) {
                continue;
            }
            if (isInstanceOf(v.getClass(), offending) && v != root) {
                return new String[] {step.path()};
            }
            String at = step.path() == null ? "" : step.path();
            SerializedLambda lambda = serializedLambda(v);
            if (lambda != null) {
                String where = "the lambda written in " + lambda.getCapturingClass().replace('/', '.') + "."
                        + methodOf(lambda.getImplMethodName());
                for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                    queue.add(new Step(lambda.getCapturedArg(i), "captured value " + (i + 1) + " of " + where + in(at)));
                }
                continue;
            }
            if (v instanceof Collection<?> c) {
                int i = 0;
                for (Object e : c) {
                    queue.add(new Step(e, "element " + i++ + " of " + describe(at, v)));
                }
                continue;
            }
            if (v instanceof Map<?, ?> m) {
                for (var e : m.entrySet()) {
                    queue.add(new Step(e.getKey(), "a key of " + describe(at, v)));
                    queue.add(new Step(e.getValue(), "the value at key " + e.getKey() + " of " + describe(at, v)));
                }
                continue;
            }
            if (v.getClass().isArray()) {
                if (!v.getClass().componentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(v); i++) {
                        queue.add(new Step(Array.get(v, i), "element " + i + " of " + describe(at, v)));
                    }
                }
                continue;
            }
            for (Class<?> c = v.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())
                            || f.getType().isPrimitive() || !f.trySetAccessible()) {
                        continue;
                    }
                    try {
                        // The library's own holders (a pool's chunk, a process) are not the user's business.
                        boolean ours = c.getPackageName().startsWith("org.multiprocessing4j.internal")
                                || c.getName().equals("org.multiprocessing4j.Process");
                        queue.add(new Step(f.get(v), ours ? step.path() : "field " + f.getName() + " of " + c.getName() + in(at)));
                    } catch (IllegalAccessException | RuntimeException e) {
                        // unreadable: not entered
                    }
                }
            }
        }
        return null;
    }

    private static String describe(String at, Object v) {
        if (!at.isEmpty()) {
            return at;
        }
        return v.getClass().isArray() ? "the items" : "the " + v.getClass().getName() + " sent";
    }

    /** "an instance of Job", or "a task" for the library's own holders of the user's values. */
    static String describeRoot(Object value) {
        if (value != null && value.getClass().getName().startsWith("org.multiprocessing4j.internal.")) {
            return "a task";
        }
        return JdkSerializer.describe(value);
    }

    private static String in(String at) {
        return at.isEmpty() ? "" : " (" + at + ")";
    }

    private static boolean isInstanceOf(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(name)) {
                return true;
            }
        }
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code lambda$main$0} → {@code main}. */
    private static String methodOf(String implMethod) {
        if (implMethod.startsWith("lambda$")) {
            int end = implMethod.indexOf('$', 7);
            return end > 7 ? implMethod.substring(7, end) : implMethod;
        }
        return implMethod;
    }

    /** The serialised form of a serialisable lambda, or null for anything else. */
    static SerializedLambda serializedLambda(Object v) {
        if (!v.getClass().isSynthetic() && !v.getClass().isHidden()) {
            return null;
        }
        try {
            Method m = v.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m.invoke(v) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
