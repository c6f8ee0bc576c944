package org.multiprocessing4j.futures;

/** When {@link Futures#wait} returns (Python's {@code FIRST_COMPLETED}, ...). */
public enum ReturnWhen {
    /** As soon as any future is done. */
    FIRST_COMPLETED,
    /** As soon as any future completes exceptionally, or all are done. */
    FIRST_EXCEPTION,
    /** When all are done. */
    ALL_COMPLETED
}
