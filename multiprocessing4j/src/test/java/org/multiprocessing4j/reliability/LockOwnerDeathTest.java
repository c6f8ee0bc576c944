package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeakedSegments;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lock holder killed with {@code kill -9}: of the processes waiting for the lock, exactly one
 * is told with {@link OwnerDiedException} (naming the dead pid), every waiter then proceeds, and
 * the lock works as before. For a {@link Condition} both ways in are covered: its
 * {@code acquire} and a waiter that must re-acquire the lock on its way out of {@code await}.
 */
@ExtendWith({NoLeftoverProcesses.class, NoLeakedSegments.class, NoSessionFilesLeft.class})
class LockOwnerDeathTest {

    static final Duration LIMIT = Delays.childLifetime();

    /** Acquire and release of one of the lock kinds, as a serialisable pair. */
    interface Guard extends java.io.Serializable {
        void acquire();

        void release();
    }

    static Guard guard(String kind) {
        return switch (kind) {
            case "Lock" -> {
                var l = Multiprocessing.lock();
                yield new Guard() {
                    public void acquire() { l.acquire(); }
                    public void release() { l.release(); }
                };
            }
            case "RLock" -> {
                var l = Multiprocessing.rLock();
                yield new Guard() {
                    public void acquire() { l.acquire(); }
                    public void release() { l.release(); }
                };
            }
            case "Condition(Lock)", "Condition(RLock)" -> {
                Condition c = kind.equals("Condition(Lock)") ? Multiprocessing.condition(Multiprocessing.lock())
                        : Multiprocessing.condition(Multiprocessing.rLock());
                yield new Guard() {
                    public void acquire() { c.acquire(); }
                    public void release() { c.release(); }
                };
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Acquires, counting an OwnerDiedException, then counts itself as having proceeded. */
    static void contend(Guard g, IntValue told, LongValue deadPid, IntValue proceeded) {
        while (true) {
            try {
                g.acquire();
                break;
            } catch (OwnerDiedException e) {
                told.incrementAndGet();
                deadPid.set(e.deadPid());
            }
        }
        try {
            proceeded.incrementAndGet();
        } finally {
            g.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lock", "RLock", "Condition(Lock)", "Condition(RLock)"})
    void exactlyOneWaiterIsToldAndAllProceed(String kind) {
        Guard g = guard(kind);
        IntValue told = Value.ofInt(0, false);
        IntValue proceeded = Value.ofInt(0, false);
        LongValue deadPid = Value.ofLong(0, false);
        Event holding = Multiprocessing.event();
        var holder = start(() -> {
            g.acquire();
            if (kind.contains("RLock")) {
                g.acquire(); // held twice: the depth dies with the holder too
            }
            holding.set();
            Await.until("killed", Delays.seconds(120), () -> false);
        });
        assertTrue(holding.await(LIMIT), "the holder took the lock");
        var childWaiter = start(() -> contend(g, told, deadPid, proceeded));
        var threadWaiter = CompletableFuture.runAsync(() -> contend(g, told, deadPid, proceeded));
        holder.kill();
        assertTrue(holder.join(LIMIT));
        assertTrue(childWaiter.join(LIMIT));
        assertEquals(0, childWaiter.exitCode());
        threadWaiter.join();
        assertEquals(1, told.get(), "exactly one acquirer is told");
        assertEquals(holder.pid(), deadPid.get());
        assertEquals(2, proceeded.get(), "every waiter proceeded");
        g.acquire();
        g.release();
    }

    /**
     * A waiter in {@code await} is signalled by a process that then dies holding the lock: the
     * waiter re-acquires the lock and learns of the death from {@code await}, the lock held
     * (as a robust mutex reports EOWNERDEAD from pthread_cond_wait).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConditionWaiterIsToldWhenTheSignallerDiesHoldingTheLock(boolean reentrant) {
        Condition c = reentrant ? Multiprocessing.condition(Multiprocessing.rLock()) : Multiprocessing.condition();
        Event holding = Multiprocessing.event();
        var holder = Process.builder().jvmArgs("-Xmx64m").target(() -> {
            c.acquire();
            c.signal();
            holding.set();
            Await.until("killed", Delays.seconds(120), () -> false);
        }).build();
        var killer = CompletableFuture.runAsync(() -> {
            assertTrue(holding.await(LIMIT));
            holder.kill();
        });
        c.acquire();
        holder.start();
        var e = assertThrows(OwnerDiedException.class, () -> c.await(LIMIT));
        killer.join();
        assertEquals(holder.pid(), e.deadPid());
        assertTrue(e.lockHeld(), e.getMessage());
        if (reentrant) {
            assertTrue(((RLock) c.getLock()).isHeldByCurrentThread(), "await returns with the lock held");
        }
        c.signal(); // would throw IllegalMonitorStateException if the lock were not held
        c.release();
        assertTrue(holder.join(LIMIT));
        assertTrue(c.acquire(Duration.ZERO), "the lock is free");
        c.release();
    }

    private static Process start(SerializableRunnable target) {
        var p = Process.builder().jvmArgs("-Xmx64m").target(target).build();
        p.start();
        return p;
    }
}
