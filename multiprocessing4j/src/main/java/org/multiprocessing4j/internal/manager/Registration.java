package org.multiprocessing4j.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A type a manager's server can create: the proxied interface and either a supplier (no
 * arguments) or an implementation class whose constructor takes {@code create}'s arguments.
 * Travels to a server started in a child JVM, so the supplier must then be serialisable.
 */
public record Registration(String typeId, Class<?> iface, Supplier<?> supplier, Class<?> implementation)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public Registration {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException("iface must be an interface: iface=" + iface.getName()
                    + " (proxies are java.lang.reflect.Proxy instances of an interface)");
        }
        if (implementation != null && !iface.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException("implementation must implement " + iface.getName()
                    + ": implementation=" + implementation.getName());
        }
    }

    /** Creates an instance on the server. */
    Object create(Object[] args) throws Throwable {
        if (supplier != null) {
            if (args.length != 0) {
                throw new IllegalArgumentException("type '" + typeId + "' is registered with a supplier and takes no "
                        + "arguments: args=" + Arrays.toString(args));
            }
            Object o = supplier.get();
            if (!iface.isInstance(o)) {
                throw new IllegalStateException("the supplier of type '" + typeId + "' returned "
                        + (o == null ? "null" : "an instance of " + o.getClass().getName())
                        + ", not an instance of " + iface.getName());
            }
            return o;
        }
        Constructor<?> c = constructorFor(args);
        try {
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Constructor<?> constructorFor(Object[] args) {
        for (Constructor<?> c : implementation.getDeclaredConstructors()) {
            if (c.getParameterCount() == args.length && accepts(c.getParameterTypes(), args)) {
                if (!c.trySetAccessible()) {
                    throw new IllegalStateException("cannot call the constructor " + c + " of type '" + typeId
                            + "': its package is not open to org.multiprocessing4j");
                }
                return c;
            }
        }
        throw new IllegalArgumentException("type '" + typeId + "' (" + implementation.getName()
                + ") has no constructor taking " + Arrays.stream(args)
                        .map(a -> a == null ? "null" : a.getClass().getSimpleName()).toList());
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i].isPrimitive() ? boxed(types[i]) : types[i];
            if (args[i] == null ? types[i].isPrimitive() : !t.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> boxed(Class<?> p) {
        return java.lang.invoke.MethodType.methodType(p).wrap().returnType();
    }
}
