package org.multiprocessing4j.managers;

/**
 * Implemented by every proxy a manager hands out, besides its own interface: cast a proxy to
 * this to release it early. Releasing is what garbage collection of the proxy would do later:
 * the manager drops its object when the last proxy anywhere is released.
 *
 * <p>Thread-safe.
 */
public interface ManagedProxy extends AutoCloseable {

    /**
     * Releases this proxy's reference to the manager's object; later calls through this proxy
     * raise {@link IllegalStateException}. Idempotent; never throws when the manager is gone.
     */
    @Override
    void close();

    /** The type id the object was created with ({@code "dict"}, or a registered one). */
    String typeId();
}
