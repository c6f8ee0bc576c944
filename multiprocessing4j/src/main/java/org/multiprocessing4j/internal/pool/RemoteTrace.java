package org.multiprocessing4j.internal.pool;

import java.io.Serial;

/**
 * Stands in for an exception that could not travel back from a worker (its class or a field is
 * not serialisable): same class name, message, stack trace and cause chain, printed as the
 * original would be.
 */
public final class RemoteTrace extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String className;

    private RemoteTrace(String className, String message, RemoteTrace cause) {
        super(message, cause);
        this.className = className;
    }

    public static RemoteTrace of(Throwable t) {
        var trace = new RemoteTrace(t.getClass().getName(), t.getMessage(),
                t.getCause() != null && t.getCause() != t ? of(t.getCause()) : null);
        trace.setStackTrace(t.getStackTrace());
        return trace;
    }

    public String className() {
        return className;
    }

    @Override
    public String toString() {
        String m = getLocalizedMessage();
        return m != null ? className + ": " + m : className;
    }
}
