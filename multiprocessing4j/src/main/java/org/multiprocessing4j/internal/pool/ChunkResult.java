package org.multiprocessing4j.internal.pool;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a worker returns for a {@link Chunk}: one value or one failure per item (a null
 * {@code failures} array means none failed), and whether the worker retires after it
 * ({@code maxTasksPerChild} reached, or its heap stayed above the memory limit).
 */
record ChunkResult(long chunkId, Object[] values, Throwable[] failures, boolean retiring) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
