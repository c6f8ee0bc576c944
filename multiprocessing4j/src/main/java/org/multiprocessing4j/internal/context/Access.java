package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.futures.ProcessPoolExecutor;

import java.lang.invoke.MethodHandles;

/**
 * The one way internal code reaches the private state of public classes (the JDK's
 * {@code SharedSecrets}): each public class registers an implementation of its access interface
 * in its static initialiser, and the getter here initialises the class first if needed, so a
 * caller never sees null. Nothing here is for users: the package is exported only to this
 * project's own modules.
 */
public final class Access {

    private static volatile ProcessAccess process;
    private static volatile PoolAccess pool;
    private static volatile ConnectionAccess connection;
    private static volatile ExecutorAccess executor;

    private Access() {}

    public static void setProcessAccess(ProcessAccess access) {
        process = access;
    }

    public static void setPoolAccess(PoolAccess access) {
        pool = access;
    }

    public static void setConnectionAccess(ConnectionAccess access) {
        connection = access;
    }

    public static void setExecutorAccess(ExecutorAccess access) {
        executor = access;
    }

    /** Access to {@link Process}. */
    public static ProcessAccess process() {
        ProcessAccess a = process;
        if (a == null) {
            ensureInitialized(Process.class);
            a = process;
        }
        return a;
    }

    /** Access to {@link Pool}. */
    public static PoolAccess pool() {
        PoolAccess a = pool;
        if (a == null) {
            ensureInitialized(Pool.class);
            a = pool;
        }
        return a;
    }

    /** Access to {@link Connection}. */
    public static ConnectionAccess connection() {
        ConnectionAccess a = connection;
        if (a == null) {
            ensureInitialized(Connection.class);
            a = connection;
        }
        return a;
    }

    /** Access to {@link ProcessPoolExecutor}. */
    public static ExecutorAccess executor() {
        ExecutorAccess a = executor;
        if (a == null) {
            ensureInitialized(ProcessPoolExecutor.class);
            a = executor;
        }
        return a;
    }

    private static void ensureInitialized(Class<?> c) {
        try {
            MethodHandles.lookup().ensureInitialized(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot initialise " + c.getName(), e);
        }
    }
}
