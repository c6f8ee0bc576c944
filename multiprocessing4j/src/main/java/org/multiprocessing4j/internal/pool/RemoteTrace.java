package org.multiprocessing4j.internal.pool;

import java.io.Serial;
import java.util.Arrays;

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

    /**
     * Gives {@code t}, thrown in another process or on a pool thread, the caller's frames too:
     * its own frames (where it was thrown), a marker frame {@code where.call}, then the frames of
     * the caller of this method. Applied again to the same exception, it replaces the caller's
     * frames of the previous time instead of adding more.
     */
    public static <T extends Throwable> T withCallerFrames(T t, String where) {
        return withCallerFrames(t, where, null);
    }

    /**
     * The same, with {@code detail} (which task, say) where a frame has its file name:
     * {@code at <pool worker>.call(item 2)}.
     */
    public static <T extends Throwable> T withCallerFrames(T t, String where, String detail) {
        var marker = new StackTraceElement(where, "call", detail, -1);
        StackTraceElement[] frames = t.getStackTrace();
        int remote = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (marker.equals(frames[i])) {
                remote = i;
                break;
            }
        }
        StackTraceElement[] local = new Throwable().getStackTrace(); // [0] is this method
        StackTraceElement[] all = Arrays.copyOf(frames, remote + local.length);
        all[remote] = marker;
        System.arraycopy(local, 1, all, remote + 1, local.length - 1);
        t.setStackTrace(all);
        return t;
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
