package org.multiprocessing4j;

/**
 * A task failed in another process (or on a pool thread). The cause is the task's own exception
 * with its stack trace from where it was thrown: the original object when it could travel back,
 * otherwise a stand-in whose {@code toString()} and stack trace are the original's.
 * {@link #remoteClassName()} names the original type either way.
 */
public class RemoteExecutionException extends MultiprocessingException {

    private final String remoteClassName;

    public RemoteExecutionException(String remoteClassName, String message, Throwable cause) {
        super(message, cause);
        this.remoteClassName = remoteClassName;
    }

    /** The binary name of the exception the task threw. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
