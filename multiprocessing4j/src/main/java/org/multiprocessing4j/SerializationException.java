package org.multiprocessing4j;

/**
 * An object could not be serialised to go to another process, or could not be deserialised
 * there (Python's {@code PicklingError}). Raised in the caller before anything is sent; the
 * message and {@link #offendingClass()} name the class at fault.
 */
public class SerializationException extends MultiprocessingException {

    private final String offendingClass;

    public SerializationException(String message, String offendingClass, Throwable cause) {
        super(message, cause);
        this.offendingClass = offendingClass;
    }

    /** The binary name of the class that could not be handled, or null when unknown. */
    public String offendingClass() {
        return offendingClass;
    }
}
