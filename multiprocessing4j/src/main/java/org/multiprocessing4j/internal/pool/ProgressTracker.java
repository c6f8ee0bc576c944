package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.ProgressListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one call's completed items and tells the pool's {@link ProgressListener}. Advanced
 * only on the pool's result thread; the total of a lazy imap is set by its feeder.
 */
final class ProgressTracker {

    private static final AtomicLong JOBS = new AtomicLong();

    private final ProgressListener listener;
    private final long job = JOBS.incrementAndGet();
    private final String operation;
    private final long start = System.nanoTime();
    private long total;
    private long done;

    private ProgressTracker(ProgressListener listener, String operation, long total) {
        this.listener = listener;
        this.operation = operation;
        this.total = total;
    }

    /** A tracker, or null when the pool has no listener. */
    static ProgressTracker of(ProgressListener listener, String operation, long total) {
        return listener == null ? null : new ProgressTracker(listener, operation, total);
    }

    synchronized void advance(int items) {
        done += items;
        report();
    }

    /** The total becomes known (a lazy input was read to its end); reports if that finishes it. */
    synchronized void total(long total) {
        this.total = total;
        if (done >= total) {
            report();
        }
    }

    private void report() {
        try {
            listener.progress(new ProgressListener.Progress(job, operation, done, total, System.nanoTime() - start));
        } catch (RuntimeException e) {
            System.getLogger(ProgressTracker.class.getName()).log(System.Logger.Level.WARNING, "a progress listener threw", e);
        }
    }
}
