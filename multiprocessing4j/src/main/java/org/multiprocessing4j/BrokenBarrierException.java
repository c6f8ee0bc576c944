package org.multiprocessing4j;

/**
 * A {@link Barrier} is broken, or was broken or reset while the caller waited at it (Python's
 * {@code threading.BrokenBarrierError}).
 */
public class BrokenBarrierException extends MultiprocessingException {

    public BrokenBarrierException(String message) {
        super(message);
    }
}
