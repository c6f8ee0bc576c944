package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 000 ping-pongs over a duplex {@link Pipe}, with a child JVM and with a thread: the reader
 * of each message has usually just gone to sleep on the ring's futex, or is about to, when the
 * message lands, which is where a waker that skips its wake-up (nobody counted as asleep) or a
 * reader that looks without the lock could lose one. A lost wake-up does not hang a reader (it
 * re-checks after every 50 ms sleep slice) but shows as a round trip of about 50 ms; so each
 * run must finish within its deadline and have hardly any round trip that long (the few a
 * loaded machine's scheduler causes on its own are allowed).
 */
@ExtendWith(NoLeftoverProcesses.class)
class PipePingPongStressTest {

    static final int ROUND_TRIPS = 100_000;

    /** A round trip this long is what a lost wake-up looks like (a sleep slice is 50 ms). */
    static final long STALL_NANOS = 45_000_000L;

    /** Stalls allowed in {@link #ROUND_TRIPS}: a lost wake-up in one sleep of a thousand fails the test. */
    static final int STALLS_ALLOWED = ROUND_TRIPS / 1000;

    @Test
    void aHundredThousandPingPongsWithAChildJvm() {
        pingPong("spawn");
    }

    @Test
    void aHundredThousandPingPongsWithAThread() {
        pingPong("thread");
    }

    private static void pingPong(String method) {
        try (var pipe = Pipe.open()) {
            Connection childEnd = pipe.right();
            var echo = Multiprocessing.getContext(method).process(() -> {
                for (int i = 0; i <= ROUND_TRIPS; i++) {
                    childEnd.send(childEnd.<Integer>recv());
                }
            });
            echo.start();
            try {
                Connection mine = pipe.left();
                mine.send(-1);
                assertEquals(-1, mine.<Integer>recv(), "the first message (the child's start)");
                Duration deadline = Delays.seconds(180);
                int stalls = assertTimeoutPreemptively(deadline, () -> {
                    int slow = 0;
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        long t = System.nanoTime();
                        mine.send(i);
                        int back = mine.<Integer>recv();
                        if (back != i) {
                            throw new AssertionError("round trip " + i + " came back as " + back);
                        }
                        if (System.nanoTime() - t >= STALL_NANOS) {
                            slow++;
                        }
                    }
                    return slow;
                }, () -> ROUND_TRIPS + " round trips with " + method + " did not finish within the deadline");
                assertTrue(stalls <= STALLS_ALLOWED, stalls + " round trips of " + ROUND_TRIPS + " with " + method
                        + " took 45 ms or more, as a lost wake-up does (allowed: " + STALLS_ALLOWED + ")");
                assertTrue(echo.join(Delays.childLifetime()));
                assertEquals(0, echo.exitCode());
            } finally {
                if (echo.exitCode() == null) {
                    pipe.close(); // a thread echo blocked in recv ends with the pipe
                    echo.kill();
                    echo.join(Delays.childLifetime());
                }
            }
        }
    }
}
