package org.multiprocessing4j.internal.config;

import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger} for the real one on its first use,
 * not when it is made: the runtime's classes hold their logger in a static field, and a child
 * JVM initialises several of them on its way to {@code run()} without ever logging.
 *
 * <p>Why it matters: the first {@code System.getLogger} of a JVM looks for a
 * {@code System.LoggerFinder} service on the whole class path (which opens every jar on it,
 * reading each jar's central directory) and then sets up {@code java.util.logging}. In a child
 * started from the AOT cache that was the first thing to open the application's jars at all;
 * measured on the benchmark runner's class path (38 jars, 19 000 entries) it cost a child tens
 * of milliseconds of CPU and JIT work before {@code run()}.
 *
 * <p>Thread-safe: two threads may both look the logger up on first use; they get the same one.
 */
public final class LazyLogger implements System.Logger {

    private final String name;
    private volatile System.Logger delegate;

    private LazyLogger(String name) {
        this.name = name;
    }

    /** A logger named after {@code type}, created on first use. */
    public static System.Logger of(Class<?> type) {
        return of(type.getName());
    }

    /** A logger named {@code name}, created on first use. */
    public static System.Logger of(String name) {
        return new LazyLogger(Objects.requireNonNull(name, "name"));
    }

    private System.Logger delegate() {
        System.Logger d = delegate;
        if (d == null) {
            d = System.getLogger(name);
            delegate = d;
        }
        return d;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return delegate().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        delegate().log(level, bundle, msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        delegate().log(level, bundle, format, params);
    }
}
