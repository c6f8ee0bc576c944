package org.multiprocessing4j.internal.ring;

import org.multiprocessing4j.internal.sync.Blocking;

/**
 * The stall rule of a putter that waits while getters make progress: it gives up once no item
 * has been taken from the ring for {@code stallNanos}, or after {@code limitNanos} in all
 * ({@link Blocking#FOREVER}: no limit). One rule for a large item's wait for room
 * ({@link QueueRing#putWhileTaken}) and for this process's feeder to write what it holds
 * ({@link Feeder}). Not thread-safe: one waiting putter's.
 */
final class TakeProgress {

    private final QueueRing ring;
    private final long stallNanos;
    private final long limitNanos;
    private final long start;
    private int seen;
    private long since;

    TakeProgress(QueueRing ring, long stallNanos, long limitNanos) {
        this.ring = ring;
        this.stallNanos = stallNanos;
        this.limitNanos = limitNanos;
        this.seen = ring.takeSequence();
        this.start = System.nanoTime();
        this.since = start;
    }

    /** How long the putter may still wait (zero or less: give up); a take since the last call restarts the stall. */
    long left() {
        long now = System.nanoTime();
        int taken = ring.takeSequence();
        if (taken != seen) {
            seen = taken;
            since = now;
        }
        long left = stallNanos - (now - since);
        return limitNanos == Blocking.FOREVER ? left : Math.min(left, limitNanos - (now - start));
    }

    /** The take sequence as {@link #left()} last saw it: a wait may end as soon as it moves. */
    int seen() {
        return seen;
    }
}
