package org.multiprocessing4j;

/**
 * Hears how far a {@link Pool}'s {@code map}, {@code starmap} and {@code imap} calls have got;
 * install it with {@code Pool.builder().progress(..)}, or use {@link ProgressBar#console()}.
 *
 * <p>Called in this process on the pool's result thread, after each completed chunk, in
 * order for each call; it must return quickly. Different calls have different
 * {@link Progress#job()} ids and may interleave.
 */
@FunctionalInterface
public interface ProgressListener {

    void progress(Progress progress);

    /**
     * One step of one call: {@code done} of {@code total} items ({@code total} is -1 while a lazy
     * {@code imap} input has not been read to its end), after {@code elapsedNanos}.
     */
    record Progress(long job, String operation, long done, long total, long elapsedNanos) {

        /** Whether every item of the call has completed. */
        public boolean finished() {
            return total >= 0 && done >= total;
        }

        /** Items per second so far. */
        public double rate() {
            return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
        }
    }
}
