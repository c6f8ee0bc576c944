package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipe end carried by a pool task that never runs (the pool is terminated while the task
 * waits behind a busy worker) can never be claimed by a worker: it is withdrawn when the task
 * fails, and the reader sees the end of the stream at once, not after the 60 s claim limit.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class PoolPipeEndTest {

    static final Duration LIMIT = Delays.childLifetime();

    @Test
    void aPipeEndInATaskThatNeverRanIsWithdrawnWhenThePoolIsTerminated() {
        try (Pipe pipe = Pipe.open(false); Pool pool = Pool.builder().processes(1).build()) {
            Event started = Multiprocessing.event();
            Event never = Multiprocessing.event();
            pool.applyAsync(() -> {
                started.set();
                never.await();
                return 0;
            });
            assertTrue(started.await(LIMIT), "the worker runs the blocking task");
            Connection writer = pipe.right();
            pool.applyAsync(() -> {
                writer.send("never sent");
                return 1;
            });
            writer.close(); // only the copy in the waiting task is left
            pool.terminate();
            assertTimeoutPreemptively(Delays.seconds(20), () ->
                    assertThrows(EndOfStreamException.class, () -> pipe.left().recv()));
        }
    }
}
