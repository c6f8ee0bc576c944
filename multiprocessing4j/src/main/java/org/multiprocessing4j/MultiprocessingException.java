package org.multiprocessing4j;

/**
 * The base of every exception multiprocessing4j raises, except where an interface of
 * {@code java.util.concurrent} that we implement dictates a checked one.
 */
public class MultiprocessingException extends RuntimeException {

    public MultiprocessingException(String message) {
        super(message);
    }

    public MultiprocessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
