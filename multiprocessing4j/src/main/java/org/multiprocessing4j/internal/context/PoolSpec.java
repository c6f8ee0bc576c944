package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.ProgressListener;
import org.multiprocessing4j.SerializableRunnable;

import java.time.Duration;
import java.util.List;

/**
 * The settings of a {@code Pool} (or {@code ProcessPoolExecutor}) as its builder collected them,
 * for {@link StartMethod#pool}. Zero and null mean "not set", as in the builder.
 */
public record PoolSpec(int processes, SerializableRunnable initializer, int maxTasksPerChild,
                       List<String> jvmArgs, Duration taskTimeout, long memoryLimit, ProgressListener progress) {
}
