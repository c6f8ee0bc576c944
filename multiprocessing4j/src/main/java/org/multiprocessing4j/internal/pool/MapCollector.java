package org.multiprocessing4j.internal.pool;

import java.util.Arrays;
import java.util.List;

/**
 * Gathers the chunks of one {@code map}/{@code starmap} into a list, in input order, and
 * completes its result when the last chunk arrives — or at the first failure, as CPython does.
 */
final class MapCollector<R> {

    private final AsyncResultImpl<List<R>> result;
    private final ProgressTracker progress;
    private final Object[] values;
    private int remaining;
    private boolean done;

    MapCollector(AsyncResultImpl<List<R>> result, int size, ProgressTracker progress) {
        this.result = result;
        this.progress = progress;
        this.values = new Object[size];
        this.remaining = size;
        if (size == 0) {
            done = true;
            if (progress != null) {
                progress.advance(0);
            }
            result.succeed(List.of());
        }
    }

    /** A sink for the chunk that starts at {@code offset}. Sinks run on the one result thread. */
    ChunkEngine.Sink chunkAt(int offset) {
        return (chunkValues, failures) -> {
            if (done) {
                return;
            }
            if (progress != null) { // before the result completes
                progress.advance(chunkValues.length);
            }
            if (failures != null) {
                for (Throwable f : failures) {
                    if (f != null) {
                        done = true;
                        result.fail(f);
                        return;
                    }
                }
            }
            System.arraycopy(chunkValues, 0, values, offset, chunkValues.length);
            remaining -= chunkValues.length;
            if (remaining == 0) {
                done = true;
                @SuppressWarnings("unchecked")
                List<R> list = (List<R>) new java.util.ArrayList<>(Arrays.asList(values));
                result.succeed(list);
            }
        };
    }
}
