package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.OwnerDiedException;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.Mutex;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The acquire paths {@link SharedLock} and {@link SharedRLock} share, with the public error mapping. */
public final class Locks {

    private Locks() {}

    /**
     * A blocking call's timeout in nanoseconds, by the package-wide rule: null waits without
     * limit, a negative duration acts as zero, and one too long for a {@code long} of nanoseconds
     * is as good as no limit.
     */
    public static long nanos(Duration timeout) {
        if (timeout == null) {
            return Blocking.FOREVER;
        }
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Blocking.FOREVER - 1;
        }
    }

    /** Acquire with the public error mapping. */
    static boolean acquire(Mutex mutex, String kindName, long timeoutNanos) {
        try {
            return mutex.acquire(timeoutNanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("acquiring " + kindName, e);
        } catch (Mutex.OwnerDied e) {
            throw new OwnerDiedException(kindName, e.deadPid);
        }
    }

    static boolean tryAcquire(Mutex mutex, String kindName) {
        try {
            return mutex.tryAcquire();
        } catch (Mutex.OwnerDied e) {
            throw new OwnerDiedException(kindName, e.deadPid);
        }
    }

    /** The {@code java.util.concurrent} form: an interrupt pending on entry throws at once. */
    static boolean acquireInterruptibly(Mutex mutex, String kindName, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try {
            return mutex.acquire(timeoutNanos);
        } catch (Mutex.OwnerDied e) {
            throw new OwnerDiedException(kindName, e.deadPid);
        }
    }

    /**
     * Runs an acquire with the checked-interrupt contract of {@code java.util.concurrent}: an
     * interrupt pending on entry, or one that ends the wait, is an {@link InterruptedException}
     * (the interrupt status cleared, as {@code lockInterruptibly} specifies).
     */
    public static boolean interruptibly(BooleanSupplier acquire) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try {
            return acquire.getAsBoolean();
        } catch (InterruptedWaitException e) {
            Thread.interrupted();
            var ie = new InterruptedException(e.getMessage());
            ie.initCause(e);
            throw ie;
        }
    }
}
