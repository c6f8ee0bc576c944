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
    }

    /**
     * Proceed in two steps: spin on the attempt for up to {@link #SPIN_NANOS}, then sleep on
     * {@code word}'s wake sequence between attempts (see {@link Word} for the protocol).
     *
     * <p>The attempt is called from two places only, one in each step. The JIT inlines an
     * attempt once per call site, and an attempt on a ring is thousands of bytecodes of
     * memory-segment access once inlined: with a call site more for the first attempt, this
     * method's C2 compilation in a cold JVM took up to 0.23 s of a compiler thread.
     *
     * @param timeoutNanos {@link #FOREVER}, or the most to wait (zero or less: one attempt)
     * @return whether the attempt succeeded in time
     * @throws InterruptedException if the thread is interrupted while it would have to sleep
     */
    public static boolean await(Word word, Attempt attempt, long timeoutNanos) throws InterruptedException {
        long start = 0;
        long spin = 0;
        long busyUntil = 0;
        boolean yielded = false;
        for (int tries = 0; ; tries++) {
            if (attempt.tryNow()) {
                return true;
            }
            long elapsed;
            if (tries == 0) {
                if (timeoutNanos <= 0) {
                    attempt.onSlice();
                    spin = 0;
                    busyUntil = Long.MAX_VALUE; // one more attempt, at once, and no sleep
                    timeoutNanos = 0;
                } else if (Thread.interrupted()) {
                    throw new InterruptedException();
                } else {
                    spin = Math.min(SPIN_NANOS, timeoutNanos);
                    busyUntil = BUSY_SPIN_NANOS;
                }
                start = System.nanoTime();
                elapsed = 0;
            } else if (timeoutNanos == 0) {
                return false;
            } else {
                elapsed = System.nanoTime() - start;
            }
            // Busy-spin briefly, then yield between attempts: on a machine with more runnable
            // threads than cores the holder may be waiting for our core. The spin ends with
            // an attempt after a yield even when its busy part is all of it (a spin configured
            // as long as its busy part): on 2 vCPUs the answer often comes while we yield, and
            // the sleep is saved.
            if (tries == 0 || elapsed < spin || (!yielded && elapsed >= busyUntil)) {
                if (elapsed < busyUntil) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                    yielded = true;
                }
            } else {
                return sleep(word, attempt, timeoutNanos, start);
            }
        }
    }

    /** The second step of {@link #await}: sleep between attempts. */
    private static boolean sleep(Word word, Attempt attempt, long timeoutNanos, long start) throws InterruptedException {
        for (int round = 0; ; round++) {
            int observed = word.sequence();
            word.addSleeper(1);
            try {
                if (attempt.tryNow()) {
                    return true;
                }
                long remaining = timeoutNanos == FOREVER ? Word.SLICE_NANOS : timeoutNanos - (System.nanoTime() - start);
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
