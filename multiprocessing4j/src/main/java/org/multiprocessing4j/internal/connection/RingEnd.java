package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ring.QueueRing;
import org.multiprocessing4j.internal.sync.Blocking;

import java.io.ObjectStreamException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One copy of one end of a {@code Pipe}, in this process: the pipe transport of DESIGN.md §5.
 * The pipe is a segment with a ring of frames per direction ({@link RingPipe}); an end is a
 * shared thing, like a file descriptor. Every copy of an end, in any process, sends into the
 * same ring and receives from the same ring, frame by frame, under the ring's lock: messages
 * of writers serialised by a lock are read in exactly that order, and a poll never takes
 * anything. Serialising an end (as a field of a child's target) makes a copy in transit that
 * the receiving process turns into its own copy ({@link RingEndHandle}).
 *
 * <p>End of stream, as for a pipe's file descriptors: a reader sees
 * {@link EndOfStreamException} once every copy of the other end, in every process, has been
 * closed or its process has died, and the ring towards it is drained. A send raises
 * {@link ConnectionException} once every copy of the other end has gone (CPython's broken
 * pipe).
 *
 * <p>Thread-safe and process-safe. Closing a copy, or losing it to the garbage collector,
 * removes it from the holders of its end; the other copies go on.
 */
public final class RingEnd implements Transport {

    /** How long a copy in transit waits for its claim before it stops holding its end. */
    static final Duration CLAIM_LIMIT = Duration.ofSeconds(60);

    private static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon().name("mp4j-pipe-end-cleaner").unstarted(r));

    private final RingPipe pipe;
    private final int end;
    private final boolean writable;
    /** Cleared by a refused over-long message on a writable end (CPython's rule). */
    private volatile boolean readable;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable holder;
    private final Blocking.Attempt receiveStop;
    private final Blocking.Attempt sendStop;

    /*
     * Implementation overview. Frames to this end are in pipe.ringTo(end), frames from it go to
     * pipe.ringTo(1 - end). The copy holds one slot of the pipe's holder table from its
     * creation to close() (or its collection: the Cleaner runs the same release), so other
     * processes can tell whether a copy of this end is still somewhere. A blocked receive or
     * send spins as every wait of the library does (Blocking: 30 µs, yielding after the first
     * 2; a pipe used to stop at 2 µs, which on a quiet machine sent most waits to sleep and
     * their wake-ups to a halted vCPU: see docs/BENCHMARKS.md), then sleeps on its ring's futex
     * words; the ring gives up waiting when the "stop" attempt says so: this copy closed, or the
     * other end has no holder that counts. A release wakes every sleeper of both rings, so they
     * re-check at once; a holder that dies cannot wake anyone, so every sleep slice (50 ms) also
     * looks for dead holders (pid and start time) and removes them, and that ends the wait.
     */

    RingEnd(RingPipe pipe, int end, boolean readable, boolean writable, int slot) {
        this.pipe = pipe;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
        this.holder = CLEANER.register(this, release(pipe, slot));
        this.receiveStop = new Blocking.Attempt() {
            @Override
            public boolean tryNow() {
                return closed.get() || !RingEnd.this.readable || pipe.peerGoneQuick(end);
            }

            @Override
            public void onSlice() {
                pipe.scanBetweenSleeps();
            }
        };
        this.sendStop = new Blocking.Attempt() {
            @Override
            public boolean tryNow() {
                return closed.get() || pipe.peerGoneQuick(end);
            }

            @Override
            public void onSlice() {
                pipe.scanBetweenSleeps();
            }
        };
    }

    /** What releases a copy's slot; refers to the pipe and slot only, never to the copy. */
    private static Runnable release(RingPipe pipe, int slot) {
        return () -> {
            pipe.holders().remove(slot);
            pipe.holdersChanged();
        };
    }

    /** A new pipe with one copy of each end, here: [0] left, [1] right. One-way: left receives, right sends. */
    public static RingEnd[] pair(boolean duplex) {
        RingPipe pipe = RingPipe.create(duplex);
        var left = new RingEnd(pipe, 0, true, duplex, pipe.holders().add(0, 0));
        var right = new RingEnd(pipe, 1, duplex, true, pipe.holders().add(1, 0));
        return new RingEnd[] {left, right};
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void send(byte type, byte[] buf, int offset, int size) {
        checkOpen();
        if (pipe.peerGoneQuick(end)) {
            throw brokenPipe();
        }
        byte[] data = offset == 0 && size == buf.length ? buf : Arrays.copyOfRange(buf, offset, offset + size);
        QueueRing ring = pipe.ringTo(1 - end);
        try {
            if (!ring.put(ring.frameOf(data, type == BYTES), Blocking.FOREVER, sendStop)) {
                checkOpen();
                throw brokenPipe();
            }
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("sending on a pipe", e);
        }
    }

    private ConnectionException brokenPipe() {
        return new ConnectionException("broken pipe: every copy of the other end of the pipe is closed"
                + " (or its process died); nothing was sent");
    }

    @Override
    public Frame receive(int maxLength) {
        QueueRing ring = pipe.ringTo(end);
        while (true) {
            checkReadable();
            QueueRing.Frame f;
            try {
                f = ring.take(Blocking.FOREVER, receiveStop, maxLength);
            } catch (QueueRing.TooLong e) {
                throw refuse(e.length, maxLength);
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("receiving on a pipe", e);
            }
            if (f != null) {
                return new Frame(f.rawBytes() ? BYTES : OBJECT, f.payload());
            }
            checkReadable();
            if (pipe.peerGone(end) && ring.size() == 0) {
                throw new EndOfStreamException("every copy of the other end of the pipe is closed (or its process died),"
                        + " and every message it sent was received");
            }
        }
    }

    /**
     * CPython's rule for a message over {@code maxLength}: a writable end stops receiving, a
     * read-only one is closed. The message stays in the ring for other copies of this end.
     */
    private ConnectionException refuse(long length, int maxLength) {
        String what;
        if (writable) {
            readable = false;
            what = "this end no longer receives (it still sends)";
        } else {
            close();
            what = "this end was closed";
        }
        return new ConnectionException("bad message length: the message has " + length + " bytes, more than maxLength="
                + maxLength + "; " + what + ", and the message stays in the pipe for other copies of this end");
    }

    @Override
    public boolean poll(long timeoutNanos) {
        checkReadable();
        QueueRing ring = pipe.ringTo(end);
        if (ring.size() > 0 || pipe.streamEndedSoon(end)) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        try {
            if (ring.awaitItem(timeoutNanos < 0 ? Blocking.FOREVER : timeoutNanos, receiveStop)) {
                return true;
            }
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("polling a pipe", e);
        }
        checkReadable();
        return pipe.peerGone(end);
    }

    @Override
    public Readiness readiness() {
        return pipe.readinessOf(end);
    }

    /**
     * A copy in transit: holds this end (an export slot) until the receiving process claims it,
     * the recipient is known to be gone ({@link Connections.RecipientExports}) or
     * {@link #CLAIM_LIMIT} has passed.
     */
    @Override
    public Handoff handoff() throws ObjectStreamException {
        checkOpen();
        long token = 0;
        while (token == 0) {
            var random = new byte[8];
            Entropy.fill(random);
            token = java.nio.ByteBuffer.wrap(random).getLong();
        }
        long t = token;
        int slot = pipe.holders().add(end, t);
        Runnable withdraw = () -> {
            if (pipe.holders().removeExport(slot, t)) {
                pipe.holdersChanged();
            }
        };
        CompletableFuture.delayedExecutor(CLAIM_LIMIT.toMillis(), TimeUnit.MILLISECONDS).execute(withdraw);
        Connections.RecipientExports.collect(withdraw);
        return new RingEndHandle(pipe.name(), end, readable, writable, slot, t);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes this copy: it no longer holds its end. Wakes this process's callers blocked on it. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            holder.clean();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("connection is closed");
        }
    }

    private void checkReadable() {
        checkOpen();
        if (!readable) {
            throw new IllegalStateException("connection is write-only");
        }
    }

    @Override
    public String toString() {
        var h = pipe.holders();
        return "pipe end " + (end == 0 ? "left" : "right") + " (" + h.count(end) + " cop" + (h.count(end) == 1 ? "y" : "ies")
                + " of this end, " + h.count(1 - end) + " of the other)";
    }
}
