package org.multiprocessing4j;

/**
 * A blocking call was interrupted ({@link Thread#interrupt()}). The thread's interrupt status is
 * set again before this is thrown, so the interrupt is never lost; the cause is the original
 * {@link InterruptedException}.
 */
public class InterruptedWaitException extends MultiprocessingException {

    public InterruptedWaitException(String message, InterruptedException cause) {
        super(message, cause);
    }

    /** Restores the interrupt status and returns the exception to throw. */
    public static InterruptedWaitException of(String what, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new InterruptedWaitException("interrupted while " + what, cause);
    }
}
