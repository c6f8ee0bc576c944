package org.multiprocessing4j.managers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manager proxy's call interrupted while it waits on the server (issue 17): the interrupt is
 * forwarded, and the call either had no effect and throws, or completed and returns with the
 * interrupt status set. Each case waits until the call is on the manager (the calling thread is
 * reading the reply), so the interrupt lands during the server's wait, the case that used to lose
 * the effect. The rules every backend follows (and a barrier's) are in the contract suites.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagerInterruptTest {

    static final Duration LIMIT = Children.LIMIT;
    SyncManager manager;

    @BeforeAll
    void startManager() {
        manager = Manager.start();
    }

    @AfterAll
    void stopManager() {
        try {
            manager.close();
        } finally {
            NoLeftoverProcesses.check(getClass().getSimpleName());
        }
    }

    /** What a call on another thread ended with: its value or exception, and its interrupt status then. */
    record Outcome(Object value, Throwable thrown, boolean interrupted) {}

    record Caller(Thread thread, CompletableFuture<Outcome> outcome) {
        Outcome await() throws Exception {
            Outcome o = outcome.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            thread.join();
            return o;
        }
    }

    static Caller call(Callable<?> body) {
        var outcome = new CompletableFuture<Outcome>();
        var t = Thread.ofPlatform().daemon().start(() -> {
            try {
                Object v = body.call();
                outcome.complete(new Outcome(v, null, Thread.interrupted()));
            } catch (Throwable e) {
                outcome.complete(new Outcome(null, e, Thread.interrupted()));
            }
        });
        return new Caller(t, outcome);
    }

    /** Until {@code t} has sent its request and reads the reply: the call is on the manager. */
    static void awaitOnManager(Thread t) {
        Await.until("the call is on the manager", LIMIT, () -> {
            boolean call = false;
            boolean reading = false;
            for (StackTraceElement e : t.getStackTrace()) {
                call |= e.getClassName().endsWith("ClientEndpoint") && e.getMethodName().equals("call");
                reading |= e.getMethodName().equals("recvBytes");
            }
            return call && reading;
        });
    }

    /** Runs {@code body} on another thread, interrupts it once its call is on the manager, and returns how it ended. */
    static Outcome interruptedOnManager(Callable<?> body) throws Exception {
        var caller = call(body);
        awaitOnManager(caller.thread());
        caller.thread().interrupt();
        return caller.await();
    }

    @Test
    void anInterruptedGetLeavesTheItemForTheNextGet() throws Exception {
        Queue<String> q = manager.queue();
        Outcome o = interruptedOnManager(q::get);
        assertInstanceOf(InterruptedWaitException.class, o.thrown(), String.valueOf(o));
        assertTrue(o.interrupted(), "the interrupt status is set again");
        q.put("item");
        assertEquals("item", q.get(LIMIT), "the interrupted get took the item put after it");
        assertEquals(0, q.qsize());
    }

    @Test
    void anInterruptedLockInterruptiblyLeavesTheLockFree() throws Exception {
        Lock lock = manager.lock();
        lock.acquire();
        Outcome o = interruptedOnManager(() -> {
            lock.lockInterruptibly();
            return "locked";
        });
        assertInstanceOf(InterruptedException.class, o.thrown(), String.valueOf(o));
        assertFalse(o.interrupted(), "lockInterruptibly clears the status it reports");
        lock.release();
        Outcome other = call(() -> lock.tryLock(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).await();
        assertEquals(true, other.value(), "another thread could not take the lock: " + other);
        lock.release();
    }

    @Test
    void anInterruptedRLockWaiterLeavesItFreeAndAHolderKeepsItsRLock() throws Exception {
        RLock rLock = manager.rLock();
        Queue<String> q = manager.queue();
        rLock.lock();
        assertInstanceOf(InterruptedException.class, interruptedOnManager(() -> {
            rLock.lockInterruptibly();
            return "locked";
        }).thrown());
        // the holder's own interrupted call keeps its connection, so the server still sees it as the owner
        var self = Thread.currentThread();
        var interrupter = Thread.ofPlatform().start(() -> {
            awaitOnManager(self);
            self.interrupt();
        });
        try {
            q.get();
            throw new AssertionError("the get returned with nothing in the queue");
        } catch (InterruptedWaitException expected) {
            assertTrue(Thread.interrupted());
        }
        interrupter.join();
        rLock.unlock(); // IllegalMonitorStateException if the ownership had been lost with the connection
        Outcome other = call(() -> rLock.tryLock(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).await();
        assertEquals(true, other.value(), "another thread could not take the RLock: " + other);
    }

    @Test
    void anInterruptedAcquireDoesNotEatTheNextRelease() throws Exception {
        Semaphore s = manager.semaphore(0);
        Outcome o = interruptedOnManager(() -> {
            s.acquire();
            return "acquired";
        });
        assertInstanceOf(InterruptedWaitException.class, o.thrown(), String.valueOf(o));
        s.release();
        assertEquals(1, s.getValue(), "the interrupted acquire took the permit released after it");
        assertTrue(s.acquire(false));
    }

    /** A proxy closed by an interrupted thread still releases its object on the manager, and the interrupt stays. */
    @Test
    void aProxyClosedByAnInterruptedThreadIsReleased() {
        int before = manager.objectCount();
        Queue<String> q = manager.queue();
        assertEquals(before + 1, manager.objectCount());
        Thread.currentThread().interrupt();
        q.close();
        assertTrue(Thread.interrupted(), "close keeps the interrupt status");
        assertEquals(before, manager.objectCount(), "the manager still holds the closed proxy's object");
    }

    /**
     * Interrupts racing items, 200 rounds, the interrupt before the put in half of them and after
     * it in the others: every item is delivered exactly once.
     */
    @Test
    void interruptsRacingPutsLoseNoItem() throws Exception {
        Queue<Integer> q = manager.queue();
        int rounds = 200;
        var ready = new SynchronousQueue<Boolean>();
        var done = new SynchronousQueue<Boolean>();
        List<Integer> got = new ArrayList<>();
        int[] interrupted = new int[1];
        int[] reasserted = new int[1];
        var interruptSent = new java.util.concurrent.atomic.AtomicInteger(-1);
        var getter = Thread.ofPlatform().daemon().start(() -> {
            q.qsize(); // this thread's connection is open: the interrupts land on calls, not on connecting
            try {
                for (int i = 0; i < rounds; i++) {
                    ready.put(true);
                    try {
                        got.add(q.get());
                        reasserted[0] += Thread.interrupted() ? 1 : 0;
                    } catch (InterruptedWaitException e) {
                        interrupted[0]++;
                    }
                    while (interruptSent.get() < i) {
                        Thread.onSpinWait(); // the main thread is between interrupt() and the next line
                    }
                    Thread.interrupted();
                    done.put(true);
                }
            } catch (InterruptedException e) {
                throw new AssertionError("the hand-over between the threads was interrupted", e);
            }
        });
        for (int i = 0; i < rounds; i++) {
            assertTrue(ready.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "round " + i);
            if (i % 2 == 0) {
                getter.interrupt();
                interruptSent.set(i);
                q.put(i);
            } else {
                q.put(i);
                getter.interrupt();
                interruptSent.set(i);
            }
            assertTrue(done.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "round " + i);
        }
        getter.join(LIMIT.toMillis());
        List<Integer> all = new ArrayList<>(got);
        while (q.qsize() > 0) {
            all.add(q.get(LIMIT));
        }
        all.sort(null);
        assertEquals(java.util.stream.IntStream.range(0, rounds).boxed().toList(), all, "lost or duplicated items");
        System.out.println("[manager-interrupt] " + interrupted[0] + " of " + rounds + " gets threw, "
                + got.size() + " returned an item (" + reasserted[0] + " of them with the interrupt set)");
    }
}
