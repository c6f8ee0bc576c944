package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.SharedArray;
import org.multiprocessing4j.managers.Manager;
import org.multiprocessing4j.managers.ManagerException;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager process killed with {@code kill -9} while clients in two processes (this JVM
 * and a child) hold proxies and are blocked in calls on it: a queue {@code get} and a lock
 * acquisition in each, and in this JVM also an event wait, a semaphore acquire, a barrier wait
 * and a condition wait. Every blocked call, and every later call, fails within a bounded time
 * with {@link ManagerException}, the manager's documented exception; the child then exits
 * normally (its exit-time release of its proxies does not hang on the dead manager).
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class ManagerFaultTest {

    static final Duration LIMIT = Delays.childLifetime();
    /** How long a call may take to fail once the manager is dead: "fast", with room for a loaded machine. */
    static final Duration FAIL_FAST = Delays.seconds(10);

    // outcome codes of a call, in a shared IntArray
    static final int PENDING = 0;
    static final int BLOCKING = 1; // this thread's connection is open and the call is about to block
    static final int RETURNED = 2;
    static final int MANAGER_EXCEPTION = 3;
    static final int OTHER_EXCEPTION = 4;

    // slots: the blocked calls of this JVM (0, 1, and 5-8) and of the child (2, 3); the child's later call (4)
    static final int SLOTS = 9;
    static final List<Integer> BLOCKED = List.of(0, 1, 2, 3, 5, 6, 7, 8);

    /** Runs {@code call} on a new thread after opening its connection with {@code warm}; records how it ended. */
    static Thread blockedCall(IntArray outcome, int slot, Runnable warm, Runnable call) {
        return Thread.ofPlatform().daemon().start(() -> {
            warm.run(); // a thread's first call opens its connection to the manager
            outcome.set(slot, BLOCKING);
            outcome.set(slot, ended(call));
        });
    }

    static int ended(Runnable call) {
        try {
            call.run();
            return RETURNED;
        } catch (ManagerException e) {
            return MANAGER_EXCEPTION;
        } catch (RuntimeException e) {
            e.printStackTrace();
            return OTHER_EXCEPTION;
        }
    }

    @Test
    void blockedAndLaterCallsFailFastInEveryClientProcess() throws Exception {
        SyncManager manager = Manager.start();
        IntArray outcome = SharedArray.ofInts(SLOTS, false);
        Process child = null;
        try {
            Queue<String> q = manager.queue();
            Lock lock = manager.lock();
            ConcurrentMap<String, Integer> d = manager.dict();
            lock.lock(); // held by this thread: the other acquirers block on the server
            var threads = new ArrayList<Thread>();
            threads.add(blockedCall(outcome, 0, q::qsize, q::get));
            threads.add(blockedCall(outcome, 1, () -> d.get("warm"), lock::lock));
            Event event = manager.event();
            Semaphore semaphore = manager.semaphore(0);
            Barrier barrier = manager.barrier(2);
            Condition condition = manager.condition();
            threads.add(blockedCall(outcome, 5, event::isSet, event::await));
            threads.add(blockedCall(outcome, 6, semaphore::getValue, semaphore::acquire));
            threads.add(blockedCall(outcome, 7, barrier::parties, barrier::await));
            threads.add(blockedCall(outcome, 8, condition::acquire, () -> condition.await(null)));
            child = Process.builder().jvmArgs(LoadTest.LEAN).target(() -> {
                Thread get = blockedCall(outcome, 2, q::qsize, q::get);
                Thread acquire = blockedCall(outcome, 3, () -> d.get("warm"), lock::lock);
                try {
                    get.join();
                    acquire.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                outcome.set(4, ended(() -> d.put("later", 1)));
            }).build();
            child.start();
            // The four callers have their connections open and are about to block (or blocked):
            // a call that had not reached the server yet when the manager died must fail the same way.
            Await.until("the blocking calls are under way", LIMIT,
                    () -> BLOCKED.stream().allMatch(i -> outcome.get(i) == BLOCKING));

            manager.process().kill();
            long killed = System.nanoTime();
            Await.until("every call ended", FAIL_FAST, () -> java.util.Arrays.stream(outcome.toArray()).allMatch(o -> o > BLOCKING));
            long allFailedMs = (System.nanoTime() - killed) / 1_000_000;
            assertEquals("[3, 3, 3, 3, 3, 3, 3, 3, 3]", java.util.Arrays.toString(outcome.toArray()),
                    "outcomes (1 blocking, 2 returned, 3 ManagerException, 4 another exception)");

            // later calls in this process fail at once too, each with the manager's exception
            for (Runnable later : List.<Runnable>of(lock::unlock, () -> d.put("k", 1), q::qsize, () -> q.put("x"))) {
                long t0 = System.nanoTime();
                assertThrows(ManagerException.class, later::run);
                assertTrue(System.nanoTime() - t0 < FAIL_FAST.toNanos(), "a later call failed fast");
            }
            for (Thread t : threads) {
                t.join(FAIL_FAST.toMillis());
                assertTrue(!t.isAlive(), t + " still running");
            }
            assertTrue(child.join(LIMIT), "the child exited");
            assertEquals(0, child.exitCode(), "the child's exit (releasing its proxies) did not fail");
            System.out.printf("[reliability] manager killed: %d blocked calls in 2 processes and a later one failed"
                    + " with ManagerException within %d ms%n", BLOCKED.size(), allFailedMs);
        } finally {
            if (child != null && child.isAlive()) {
                child.kill();
                child.join(LIMIT);
            }
            manager.close();
        }
        assertThrows(ManagerException.class, manager::dict);
    }
}
