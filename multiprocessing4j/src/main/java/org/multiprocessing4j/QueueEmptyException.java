package org.multiprocessing4j;

/**
 * A get found the queue empty: a non-blocking get on an empty queue, or a timed get whose time
 * ran out before an item arrived (Python's {@code queue.Empty}). Nothing was removed.
 */
public class QueueEmptyException extends MultiprocessingException {

    public QueueEmptyException(String message) {
        super(message);
    }
}
