package org.multiprocessing4j;

/** A timed wait expired before the result was available (Python's {@code TimeoutError}). */
public class WaitTimeoutException extends MultiprocessingException {

    public WaitTimeoutException(String message) {
        super(message);
    }
}
