package org.multiprocessing4j.internal.ready;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed wait: a {@link Selector} that socket-backed objects register their channels
 * with, and that other objects (process sentinels, shared-memory rings) wake from their own
 * threads. Used by one waiting thread; {@link #wakeup()} may be called from any thread, also
 * after {@link #close()}.
 */
public final class WaitSet implements AutoCloseable {

    private final Selector selector;
    private final Object lifecycle = new Object();
    private boolean closed; // guarded by lifecycle: a wake-up after close must not touch the selector

    public WaitSet() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /**
     * Makes the selector fire when {@code channel} (non-blocking) is ready for {@code ops}. A
     * channel closed meanwhile wakes the set instead, so the waiter re-checks at once.
     */
    public void register(SelectableChannel channel, int ops) {
        try {
            channel.register(selector, ops);
        } catch (ClosedChannelException | CancelledKeyException e) {
            wakeup();
        }
    }

    /** Ends the current or next {@link #await} early. Safe from any thread, at any time. */
    public void wakeup() {
        synchronized (lifecycle) {
            if (!closed) {
                selector.wakeup();
            }
        }
    }

    /**
     * Blocks until a registered channel is ready, {@link #wakeup()} is called, the timeout
     * expires or the thread is interrupted.
     *
     * @param timeoutNanos negative to wait without limit
     * @throws InterruptedException if the thread is interrupted (the interrupt status is cleared)
     */
    public void await(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        selector.selectedKeys().clear();
        try {
            if (timeoutNanos < 0) {
                selector.select();
            } else if (timeoutNanos > 0) {
                // select(0) would mean "forever": round up to at least one millisecond
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            } else {
                selector.selectNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            for (SelectionKey k : selector.keys()) {
                k.cancel();
            }
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
