package org.multiprocessing4j;

/**
 * The pool can no longer run tasks: its workers kept dying before completing any (a crash loop,
 * e.g. a failing initializer), or it was terminated while this task waited.
 */
public class BrokenPoolException extends MultiprocessingException {

    public BrokenPoolException(String message) {
        super(message);
    }
}
