package org.multiprocessing4j;

/**
 * A put found the queue full: a non-blocking put on a full bounded queue, or a timed put whose
 * time ran out before room appeared (Python's {@code queue.Full}). The item was not enqueued.
 */
public class QueueFullException extends MultiprocessingException {

    public QueueFullException(String message) {
        super(message);
    }
}
