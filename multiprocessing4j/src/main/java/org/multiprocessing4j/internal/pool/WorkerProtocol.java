package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.SerializableRunnable;

import java.io.Serial;
import java.io.Serializable;

/**
 * Between a pool and each worker JVM, on a link opened with the control handshake
 * ({@code ControlClient}/{@code ControlServer}: HMAC both ways before anything is decoded).
 *
 * <pre>
 *  step  pool (parent)                               worker (child JVM)
 *  1     first payload: {@link Init}              →   runs the initializer (a failure ends the
 *                                                     worker: the pool counts it as a crash)
 *                                                 ←   READY: the pool may send tasks now
 *  2     TASK      chunk id (8 bytes) ‖ an        →   runs it (a chunk it cannot decode fails
 *                  encoded {@link Chunk}               as a whole, reported under its id)
 *        INTERRUPT chunk id (8 bytes)             →   abandons that chunk if it is running
 *  3                                              ←   RESULT an encoded {@link ChunkResult};
 *                                                     retiring = the worker exits after it
 *  4     closes the link (pool shut down)         →   end of stream: the worker exits 0
 *  *                                              ←   EXITING: its JVM runs its exit (the worker
 *                                                     ends, or a task called System.exit); a
 *                                                     worker that ends without it and with
 *                                                     status 3 ran out of memory (the JVM's
 *                                                     -XX:+ExitOnOutOfMemoryError skips the exit)
 * </pre>
 *
 * The pool sends a worker one chunk at a time, so it always knows what a dead worker was doing.
 * While a chunk runs, the pool sends it only a prefetched chunk of a map behind a chunk of a
 * map, an INTERRUPT if it has a task timeout ({@link Init#timeouts()}), or the end of stream:
 * nothing while a single task (CALL) of a pool without task timeouts runs, so the worker need
 * not read then.
 */
final class WorkerProtocol {

    static final byte READY = 'Y';
    static final byte TASK = 'T';
    static final byte INTERRUPT = 'I';
    static final byte RESULT = 'R';
    static final byte EXITING = 'E';

    /**
     * What a worker needs before its first task; {@code timeouts}: the pool has a task timeout,
     * so an INTERRUPT may come while any chunk runs.
     */
    record Init(SerializableRunnable initializer, int maxTasks, long memoryLimit, boolean timeouts) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private WorkerProtocol() {}
}
