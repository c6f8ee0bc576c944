package org.multiprocessing4j.internal.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.shm.Segment;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Blocking#await}'s steps on a real shared segment and futex: the attempts it makes, when
 * it gives up, interrupts, wake-ups, and the sleeper count it leaves behind.
 */
class BlockingTest {

    @TempDir
    Path dir;

    private Segment segment;
    private Word word;

    @BeforeEach
    void map() {
        segment = Segment.create(dir.resolve("word"), 1, SyncDescriptor.LENGTH);
        word = new Word(segment.body(), 0);
    }

    @AfterEach
    void unmap() {
        segment.close();
    }

    /** An attempt that fails until {@code succeedOn} calls have been made (0: never), counting its calls and slices. */
    private static final class Counting implements Blocking.Attempt {
        final AtomicInteger tries = new AtomicInteger();
        final AtomicInteger slices = new AtomicInteger();
        private final int succeedOn;

        Counting(int succeedOn) {
            this.succeedOn = succeedOn;
        }

        @Override
        public boolean tryNow() {
            int n = tries.incrementAndGet();
            return succeedOn > 0 && n >= succeedOn;
        }

        @Override
        public void onSlice() {
            slices.incrementAndGet();
        }
    }

    @Test
    void aZeroTimeoutTriesTwiceWithOneSliceBetween() throws InterruptedException {
        var never = new Counting(0);
        assertFalse(Blocking.await(word, never, 0));
        assertEquals(2, never.tries.get());
        assertEquals(1, never.slices.get());

        var second = new Counting(2);
        assertTrue(Blocking.await(word, second, -5));
        assertEquals(2, second.tries.get());
        assertEquals(1, second.slices.get());

        var first = new Counting(1);
        assertTrue(Blocking.await(word, first, 0));
        assertEquals(1, first.tries.get());
        assertEquals(0, first.slices.get(), "no slice when the first attempt succeeds");
        assertEquals(0, word.sleepers());
    }

    @Test
    void anInterruptIsRaisedOnlyWhenTheWaitWouldBlock() throws InterruptedException {
        Thread.currentThread().interrupt();
        try {
            assertTrue(Blocking.await(word, new Counting(1), Blocking.FOREVER), "an attempt that succeeds at once");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is still pending");
            assertFalse(Blocking.await(word, new Counting(0), 0), "a zero timeout does not wait");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is still pending");
            var never = new Counting(0);
            assertThrows(InterruptedException.class, () -> Blocking.await(word, never, Blocking.FOREVER));
            assertFalse(Thread.currentThread().isInterrupted(), "the exception took the interrupt");
            assertEquals(1, never.tries.get());
            assertEquals(0, word.sleepers());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTimedWaitGivesUpAfterItsTimeAndLeavesNoSleeper() throws InterruptedException {
        var never = new Counting(0);
        long timeout = 30_000_000L;
        long start = System.nanoTime();
        assertFalse(Blocking.await(word, never, timeout));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= timeout, "gave up after " + elapsed + " ns of a " + timeout + " ns timeout");
        assertTrue(never.tries.get() >= 3, "the first attempt, the spin and the sleeps: " + never.tries.get());
        assertTrue(never.slices.get() >= 1, "it slept at least once");
        assertEquals(0, word.sleepers());
    }

    @Test
    void aWaitSpinsOnItsAttemptBeforeItSleeps() throws InterruptedException {
        var awake = new AtomicInteger();
        Blocking.Attempt attempt = () -> {
            if (word.sleepers() > 0) {
                return true; // the first attempt of the sleeping step
            }
            awake.incrementAndGet();
            return false;
        };
        assertTrue(Blocking.await(word, attempt, Blocking.FOREVER));
        assertTrue(awake.get() >= 2, "the first attempt, then at least one while spinning, then the sleeping step: "
                + awake.get());
        assertEquals(0, word.sleepers());
    }

    @Test
    void aWakeUpEndsASleep() throws InterruptedException {
        var ready = new AtomicBoolean();
        var result = new AtomicReference<Object>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                result.set(Blocking.await(word, ready::get, Blocking.FOREVER));
            } catch (InterruptedException e) {
                result.set(e);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (word.sleepers() == 0) { // the waiter has reached its sleeping step
            assertTrue(System.nanoTime() < deadline, "the waiter never went to sleep");
            Thread.onSpinWait();
        }
        ready.set(true);
        word.wake(1);
        waiter.join(10_000);
        assertFalse(waiter.isAlive(), "the wake-up did not end the sleep");
        assertEquals(Boolean.TRUE, result.get());
        assertEquals(0, word.sleepers());
    }

    @Test
    void anAttemptThatThrowsWhileAsleepLeavesNoSleeperCounted() {
        Blocking.Attempt failing = () -> {
            if (word.sleepers() > 0) {
                throw new IllegalStateException("the owner died");
            }
            return false;
        };
        var e = assertThrows(IllegalStateException.class, () -> Blocking.await(word, failing, Blocking.FOREVER));
        assertEquals("the owner died", e.getMessage());
        assertEquals(0, word.sleepers());
    }
}
