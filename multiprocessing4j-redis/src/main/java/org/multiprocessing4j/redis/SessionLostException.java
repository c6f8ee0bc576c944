package org.multiprocessing4j.redis;

import org.multiprocessing4j.MultiprocessingException;

/**
 * The Redis session cannot go on: the server did not answer within
 * {@link RedisOptions#serverTimeout()}, or it answered without the session's state (it was
 * restarted without persistence, or the keys were deleted), or the context was closed. The
 * message says which. Pending and later operations of the context fail with it.
 */
public class SessionLostException extends MultiprocessingException {

    public SessionLostException(String message) {
        super(message);
    }

    public SessionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
