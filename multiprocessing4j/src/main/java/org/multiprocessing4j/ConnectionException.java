package org.multiprocessing4j;

/**
 * An input/output failure on a {@link Connection} or while connecting (Python's
 * {@code OSError} family on a connection): the peer could not be reached, vanished while a
 * message was being sent, sent a corrupt stream, or a message was longer than the
 * {@code maxLength} given to {@link Connection#recvBytes(int)}. The message says which, and
 * whether the connection was closed because of it; the cause is the underlying
 * {@link java.io.IOException} when there is one.
 */
public class ConnectionException extends MultiprocessingException {

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
