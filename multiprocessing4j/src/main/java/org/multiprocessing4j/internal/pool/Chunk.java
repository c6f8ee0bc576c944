package org.multiprocessing4j.internal.pool;

import java.io.Serial;
import java.io.Serializable;

/**
 * One unit of work sent to a worker: a callable ({@link Kind#CALL}, no items), or a function
 * applied to each item of a chunk ({@link Kind#MAP}; for {@link Kind#STARMAP} each item is an
 * {@code Object[2]} of the two arguments).
 */
public record Chunk(long id, Kind kind, Object fn, Object[] items) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public enum Kind { CALL, MAP, STARMAP }

    int size() {
        return kind == Kind.CALL ? 1 : items.length;
    }
}
