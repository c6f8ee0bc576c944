package org.multiprocessing4j.futures;

import java.util.Set;

/** What {@link Futures#wait} found: the futures done and those not yet done (both unmodifiable). */
public record DoneAndNotDone<F>(Set<F> done, Set<F> notDone) {

    public DoneAndNotDone {
        done = Set.copyOf(done);
        notDone = Set.copyOf(notDone);
    }
}
