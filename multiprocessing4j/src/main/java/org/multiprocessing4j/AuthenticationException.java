package org.multiprocessing4j;

/**
 * The peer of a connection did not prove knowledge of the authkey, or refused ours
 * (Python's {@code multiprocessing.AuthenticationError}). Nothing the peer sent was decoded.
 */
public class AuthenticationException extends MultiprocessingException {

    public AuthenticationException(String message) {
        super(message);
    }
}
