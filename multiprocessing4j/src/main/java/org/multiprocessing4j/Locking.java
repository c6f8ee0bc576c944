package org.multiprocessing4j;

import java.util.function.BooleanSupplier;

/** The {@code java.util.concurrent} forms of the lock interfaces' defaults. */
final class Locking {

    private Locking() {}

    /**
     * Runs an acquire with the checked-interrupt contract of {@code java.util.concurrent}: an
     * interrupt pending on entry, or one that ends the wait, is an {@link InterruptedException}
     * (the interrupt status cleared, as {@code lockInterruptibly} specifies).
     */
    static boolean interruptibly(BooleanSupplier acquire) throws InterruptedException {
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
