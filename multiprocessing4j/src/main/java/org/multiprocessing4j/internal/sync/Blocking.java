package org.multiprocessing4j.internal.sync;

import org.multiprocessing4j.internal.config.Configuration;

/**
 * The slow path of every blocking call: spin briefly, then sleep on a {@link Word} in bounded
 * slices until an attempt succeeds, the time runs out or the thread is interrupted.
 *
 * <p>Spinning ~30 µs before sleeping hides the wake-up latency of an idle vCPU (measured: 79 µs
 * futex ping-pong without, 0.15 µs median with; a 5 µs spin was worse than none). After the
 * first 2 µs the spinner yields between attempts: on an oversubscribed machine the holder may
 * be waiting for the spinner's core (measured on the 2-core VM at load 13, two processes doing
 * locked increments: 1.1-2.2 M ops/s yielding, 0.5-1.3 M busy-spinning the whole 30 µs). Sleeping in
 * ≤ 50 ms slices lets a waiter notice {@link Thread#interrupt()}, which does not break a native
 * wait, and lets {@link Attempt#onSlice()} check whether an owner process died.
 */
public final class Blocking {

    /** Forever, as a timeout. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** How long a waiter spins before it sleeps, in nanoseconds (read once per JVM). */
    static final long SPIN_NANOS = Configuration.spinNanos();

    /** How long of the spin is pure busy-waiting before it yields between attempts (read once per JVM). */
    static final long BUSY_SPIN_NANOS = Configuration.busySpinNanos();

    private Blocking() {}

    /** One try at what the caller waits for. */
    public interface Attempt {
        /** Whether the wait is over (the thing was obtained). */
        boolean tryNow();

        /** Called after each sleep; may throw to end the wait (an owner died, say). */
        default void onSlice() {}

        /**
         * How long to busy-spin before sleeping, without the yielding phase; negative (the
         * default) for the configured spin. A ping-pong of single messages (a pipe) wants a
         * short busy spin: on an oversubscribed machine every yield may hand the core away
         * for a whole time slice while the reply is on its way.
         */
        default long busySpinNanos() {
            return -1;
        }
    }

    /**
     * Proceed in two steps: spin on the attempt for up to {@link #SPIN_NANOS}, then sleep on
     * {@code word}'s wake sequence between attempts (see {@link Word} for the protocol).
     *
     * @param timeoutNanos {@link #FOREVER}, or the most to wait (zero or less: one attempt)
     * @return whether the attempt succeeded in time
     * @throws InterruptedException if the thread is interrupted while it would have to sleep
     */
    public static boolean await(Word word, Attempt attempt, long timeoutNanos) throws InterruptedException {
        if (attempt.tryNow()) {
            return true;
        }
        if (timeoutNanos <= 0) {
            attempt.onSlice();
            return attempt.tryNow();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long start = System.nanoTime();
        boolean forever = timeoutNanos == FOREVER;
        long busy = attempt.busySpinNanos();
        long spin = Math.min(busy < 0 ? SPIN_NANOS : busy, timeoutNanos);
        long busyUntil = busy < 0 ? BUSY_SPIN_NANOS : busy;
        long elapsed;
        do {
            // Busy-spin briefly, then yield between attempts: on a machine with more runnable
            // threads than cores the holder may be waiting for our core.
            if (System.nanoTime() - start < busyUntil) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            if (attempt.tryNow()) {
                return true;
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < spin);
        for (int round = 0; ; round++) {
            int observed = word.sequence();
            word.addSleeper(1);
            try {
                if (attempt.tryNow()) {
                    return true;
                }
                long remaining = forever ? Word.SLICE_NANOS : timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    return false;
                }
                word.sleep(observed, Math.min(remaining, Word.SLICE_NANOS), round);
            } finally {
                word.addSleeper(-1);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            attempt.onSlice();
        }
    }
}
