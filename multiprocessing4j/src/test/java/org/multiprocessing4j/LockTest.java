package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Lock} between real child JVMs. */
class LockTest extends SharedTestBase {

    @Test
    void lockedIncrementsFromFourProcessesAreExact() {
        var lock = Multiprocessing.lock();
        var counter = Value.ofLong(0, false);
        int each = 100_000;
        var children = new ArrayList<Process>();
        for (int i = 0; i < 4; i++) {
            children.add(new Process(() -> {
                for (int n = 0; n < each; n++) {
                    lock.acquire();
                    try {
                        counter.set(counter.get() + 1);
                    } finally {
                        lock.release();
                    }
                }
            }));
        }
        children.forEach(Process::start);
        for (Process p : children) {
            assertTrue(p.join(LIMIT));
            assertEquals(0, p.exitCode());
        }
        assertEquals(4L * each, counter.get());
        assertFalse(lock.isLocked());
    }

    @Test
    void nonBlockingAndTimedAcquiresFailWhileHeld() {
        var lock = Multiprocessing.lock();
        lock.acquire();
        assertFalse(lock.acquire(false), "not reentrant");
        long start = System.nanoTime();
        assertFalse(lock.acquire(Duration.ofMillis(120)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(120));
        assertFalse(lock.acquire(Duration.ofMillis(-5)), "negative acts as zero");
        lock.release();
        assertTrue(lock.acquire(Duration.ZERO));
        lock.release();
        assertThrows(IllegalStateException.class, lock::release, "release of an unlocked lock");
    }

    @Test
    void anotherProcessMayReleaseIt() {
        var lock = Multiprocessing.lock();
        lock.acquire();
        var p = new Process(lock::release);
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertTrue(lock.acquire(false), "the child released the parent's lock");
        lock.release();
    }

    @Test
    void aWaiterIsWokenWhenAChildReleases() {
        String b = box;
        var lock = Multiprocessing.lock();
        var p = new Process(() -> {
            lock.acquire();
            Mailbox.put(b, "holding", "");
            Mailbox.await(b, "go", Delays.seconds(60));
            lock.release();
        });
        p.start();
        Mailbox.await(box, "holding", LIMIT);
        assertFalse(lock.acquire(false));
        var waiter = CompletableFuture.supplyAsync(() -> lock.acquire(LIMIT));
        Mailbox.put(box, "go", "");
        assertTrue(waiter.join());
        lock.release();
        assertTrue(p.join(LIMIT));
    }

    @Test
    void anInterruptEndsTheWait() throws Exception {
        var lock = Multiprocessing.lock();
        lock.acquire();
        var outcome = new CompletableFuture<Throwable>();
        var t = Thread.ofPlatform().start(() -> {
            try {
                lock.acquire();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("flag lost", e));
            }
        });
        t.interrupt();
        assertInstanceOf(InterruptedWaitException.class, outcome.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        t.join();
        lock.release();
    }

    @Test
    void theNextAcquirerLearnsThatTheOwnerDiedAndProceeds() {
        String b = box;
        var lock = Multiprocessing.lock();
        var holder = new Process(() -> {
            lock.acquire();
            Mailbox.put(b, "holding", "");
            Mailbox.await(b, "never", Delays.seconds(120));
        });
        holder.start();
        Mailbox.await(box, "holding", LIMIT);
        var waiter = CompletableFuture.supplyAsync(() -> {
            try {
                lock.acquire();
                return "no exception";
            } catch (OwnerDiedException e) {
                return "died:" + e.deadPid();
            }
        });
        holder.kill();
        holder.join();
        assertEquals("died:" + holder.pid(), waiter.join());
        assertTrue(lock.acquire(LIMIT), "the lock is free after the takeover");
        lock.release();
    }

    @Test
    void theJavaLockInterfaceWorks() throws Exception {
        java.util.concurrent.locks.Lock lock = Multiprocessing.lock();
        assertTrue(lock.tryLock());
        assertFalse(lock.tryLock(10, TimeUnit.MILLISECONDS));
        lock.unlock();
        lock.lockInterruptibly();
        Thread.currentThread().interrupt();
        lock.unlock();
        assertThrows(InterruptedException.class, () -> lock.tryLock(1, TimeUnit.SECONDS), "an interrupt pending on entry");
        assertFalse(Thread.interrupted());
        lock.lock();
        lock.unlock();
    }

    /** Not JDK-serialisable (the Object field), so the process travels with Fory. */
    static final class Releaser extends Process {
        private final Lock lock;
        private final Object notSerializable = new Object();

        Releaser(Lock lock) {
            this.lock = lock;
        }

        @Override
        public void run() {
            lock.release();
            if (notSerializable == null) {
                throw new AssertionError();
            }
        }
    }

    @Test
    void aLockTravelsAsAFieldOfAProcessSubclassSerialisedWithFory() {
        var lock = Multiprocessing.lock();
        lock.acquire();
        var p = new Releaser(lock);
        p.start();
        assertTrue(p.join(LIMIT));
        assertEquals(0, p.exitCode());
        assertTrue(lock.acquire(false));
        lock.release();
    }

    @Test
    void underTheThreadStartMethodItIsShared() {
        var ctx = Multiprocessing.getContext("thread");
        var lock = ctx.lock();
        var counter = Value.ofInt(0, false);
        var threads = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            threads.add(ctx.process(() -> {
                for (int n = 0; n < 20_000; n++) {
                    lock.acquire();
                    counter.set(counter.get() + 1);
                    lock.release();
                }
            }));
        }
        threads.forEach(Process::start);
        threads.forEach(Process::join);
        assertEquals(60_000, counter.get());
    }
}
