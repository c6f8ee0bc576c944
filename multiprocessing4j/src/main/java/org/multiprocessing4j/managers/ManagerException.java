package org.multiprocessing4j.managers;

import org.multiprocessing4j.MultiprocessingException;

/**
 * A manager cannot serve a call: it was shut down, its process died, it cannot be reached, or
 * the object a proxy refers to was released. The message names the manager's address.
 */
public class ManagerException extends MultiprocessingException {

    public ManagerException(String message) {
        super(message);
    }

    public ManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
