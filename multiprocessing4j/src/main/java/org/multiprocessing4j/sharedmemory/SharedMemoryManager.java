package org.multiprocessing4j.sharedmemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates {@link SharedMemory} blocks and destroys them all when it shuts down (Python's
 * {@code multiprocessing.managers.SharedMemoryManager}), so that a block cannot outlive the
 * work that needed it:
 *
 * <pre>{@code
 * try (var smm = new SharedMemoryManager()) {
 *     SharedMemory shm = smm.sharedMemory(1024);
 *     ... pass shm (or its name) to children ...
 * }   // every block created through smm is closed here and unlinked
 * }</pre>
 *
 * Unlike CPython's it runs no server process: the blocks are tracked by the JVM that created
 * them, which the blocks' own exit tracking backs up if the JVM ends without shutting down.
 * Thread-safe; {@link #shutdown()} and {@link #close()} are idempotent.
 */
public final class SharedMemoryManager implements AutoCloseable {

    private final List<SharedMemory> blocks = new ArrayList<>();
    private boolean shutDown;

    /* Implementation overview: a list guarded by this object's monitor; state RUNNING -> SHUT_DOWN. */

    public SharedMemoryManager() {}

    /** Present for symmetry with CPython; the manager is usable from construction. */
    public SharedMemoryManager start() {
        return this;
    }

    /**
     * A new block of {@code size} bytes with a generated name, destroyed at {@link #shutdown()}.
     *
     * @throws IllegalStateException if the manager is shut down
     */
    public synchronized SharedMemory sharedMemory(long size) {
        if (shutDown) {
            throw new IllegalStateException("the SharedMemoryManager is shut down");
        }
        var shm = SharedMemory.create(size);
        blocks.add(shm);
        return shm;
    }

    /** The blocks created so far and not yet destroyed. */
    public synchronized List<SharedMemory> blocks() {
        return List.copyOf(blocks);
    }

    /** Closes and unlinks every block it created. Idempotent. */
    public synchronized void shutdown() {
        shutDown = true;
        for (SharedMemory shm : blocks) {
            shm.close();
            shm.unlinkIfPresent(); // the user may have unlinked it already
        }
        blocks.clear();
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }
}
