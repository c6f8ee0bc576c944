package org.multiprocessing4j.testing;

import java.time.Duration;

/**
 * The one source of test time limits. Every limit is a bound on how long something may take
 * (never a sleep that stands in for synchronisation); {@code -Dmp4j.test.timeScale=N} stretches
 * them on slow machines.
 */
public final class Delays {

    private static final double SCALE = Double.parseDouble(System.getProperty("mp4j.test.timeScale", "1"));

    private Delays() {}

    /** {@code seconds}, scaled. */
    public static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000 * SCALE));
    }

    /** How long a child JVM may take to start, run a trivial target and be observed. */
    public static Duration childLifetime() {
        return seconds(30);
    }
}
