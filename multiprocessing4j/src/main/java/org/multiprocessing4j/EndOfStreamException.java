package org.multiprocessing4j;

/**
 * Nothing more can be received: the peer closed its end of the connection, or died, and every
 * message it sent before has been received (Python's {@code EOFError}). Also raised when the
 * peer went away in the middle of a message.
 */
public class EndOfStreamException extends MultiprocessingException {

    public EndOfStreamException(String message) {
        super(message);
    }
}
