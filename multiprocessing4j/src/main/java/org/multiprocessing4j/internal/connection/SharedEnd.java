package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ready.WaitSet;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of a {@code Pipe} over a Unix-domain socket pair: the interim pipe transport until
 * the shared-memory rings of DESIGN.md §5 replace it behind the same public types.
 *
 * <p>Like a pipe file descriptor in CPython, an end may have <em>copies</em> in other processes:
 * serialising it (as a field of a child's target) exports it through this JVM's
 * {@link PipeBroker}, and the receiving process connects back and gets a copy. If nothing was
 * ever sent on the pair, the copy's socket simply becomes the other end's stream (direct
 * hand-over, see the overview); otherwise this process relays whole frames between the copy
 * and the end's socket, so every copy sends and receives on the same stream, message by
 * message. The stream is closed when the last copy is: the peer
 * end sees end of stream only after the local end and every copy have been closed (or their
 * processes have died) — exactly the rule of CPython's pipes, where a parent must close its
 * copy of the child's end to see EOF.
 *
 * <p>Limits of this interim transport: traffic of a relayed copy passes through the exporting
 * process, so it must outlive its children's use of the pipe; a receive on an end that also has a
 * readable copy elsewhere competes with that copy message by message (as two processes reading
 * one CPython pipe do).
 */
public final class SharedEnd implements Transport {

    private static final System.Logger LOG = System.getLogger(SharedEnd.class.getName());

    /** {@link #handState}: an end of a pair made here that has never sent may be handed over. */
    private static final int CLEAN = 0;
    private static final int SENT = 1;
    private static final int HANDING = 2;
    private static final int HANDED_OVER = 3;
    /** The most bytes of already-sent frames a hand-over moves while it holds the pair's locks. */
    static final long HAND_OVER_BACKLOG_LIMIT = 64 * 1024;

    private volatile SocketTransport stream;
    private final boolean readable;
    private final boolean writable;
    /** The local object plus every exported copy, claimed or pending: the stream closes at zero. */
    private final AtomicInteger holders = new AtomicInteger(1);
    /** How many claimed copies were ever served by relay threads (never decremented: relayed bytes make the pair dirty). */
    private final AtomicInteger relays = new AtomicInteger();
    private final AtomicBoolean localClosed = new AtomicBoolean();
    /** CLEAN, SENT, HANDING or HANDED_OVER, for an end of a pair made here; null for a claimed copy. */
    private final AtomicInteger handState;
    /** Shared by the two ends of a pair: hand-overs and the closing of streams take it. */
    private final Object pairLock;
    private volatile SharedEnd peer;
    /** Set when this end's only stream went to the process that claimed it (see the overview). */
    private volatile boolean detached;
    private final EndReadiness readiness = new EndReadiness();

    /*
     * Implementation overview. Two relay threads serve each claimed copy: "up" takes frames the
     * copy sends and sends them on the stream (it also notices the copy closing, by end of
     * stream), "down" receives frames from the stream and forwards them to the copy (readable
     * ends only). A relay holds at most one frame, whole, so copies interleave at message
     * boundaries. When either direction ends (the copy closed or died, the peer closed) the
     * relay closes the copy's socket, interrupts the down thread (an interrupted receive loses
     * nothing on the stream; the up thread is never interrupted, since half a frame sent on the
     * stream would corrupt it for everyone) and releases its hold. An export that no process claims within
     * PipeBroker.CLAIM_LIMIT releases its hold too, so a child that never started cannot keep
     * the peer from seeing end of stream forever.
     *
     * Direct hand-over: in the usual pattern (Pipe.open(), one end passed to a child, the
     * other used here) the end passed away has sent nothing when the child claims it. Then no
     * relay is needed: the claimed socket becomes the other end's stream, the pair's own
     * sockets are closed, and parent and child talk directly (see handOver for the steps).
     * Frames the other end sent before the claim are moved to the claimed socket first, with
     * that end's sends paused, so order is kept. handState makes it safe against this end's
     * own sends: CLEAN -> SENT on the first send, CLEAN -> HANDING -> HANDED_OVER (or back to
     * SENT if the hand-over gives up) on a claim; a send that finds HANDING waits for the
     * outcome. A receive or poll blocked on a replaced socket fails when it is closed and
     * retries on the new stream; so does a send that waited behind the pause. The local
     * object of the end that was handed over is then "detached": it has no stream any more,
     * so it can only be closed (CPython would let it share the pipe; with a relay we could
     * too, at twice the latency). Waiters on either end are woken so that
     * Multiprocessing.wait re-registers the new channel.
     */

    public SharedEnd(SocketTransport stream, boolean readable, boolean writable) {
        this(stream, readable, writable, null, new Object());
    }

    private SharedEnd(SocketTransport stream, boolean readable, boolean writable, AtomicInteger handState, Object pairLock) {
        this.stream = stream;
        this.readable = readable;
        this.writable = writable;
        this.handState = handState;
        this.pairLock = pairLock;
    }

    /** A connected pair of ends in this process: [0] left, [1] right. One-way: left receives, right sends. */
    public static SharedEnd[] pair(Path directory, boolean duplex) {
        var random = new byte[8];
        Entropy.fill(random);
        Path path = directory.resolve("pipe-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + ".sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            org.multiprocessing4j.internal.os.OwnerOnly.restrict(path);
            SocketChannel a = SocketChannel.open(UnixDomainSocketAddress.of(path));
            SocketChannel b = server.accept();
            var lock = new Object();
            var left = new SharedEnd(new SocketTransport(a, "the other end of the pipe", true, true), true, duplex,
                    new AtomicInteger(CLEAN), lock);
            var right = new SharedEnd(new SocketTransport(b, "the other end of the pipe", true, true), duplex, true,
                    new AtomicInteger(CLEAN), lock);
            left.peer = right;
            right.peer = left;
            return new SharedEnd[] {left, right};
        } catch (IOException e) {
            throw new ConnectionException("cannot create a pipe in " + directory + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot remove " + path, e);
            }
        }
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
        checkUsable();
        while (handState != null) {
            int st = handState.get();
            if (st == SENT || (st == CLEAN && handState.compareAndSet(CLEAN, SENT))) {
                break;
            }
            if (st == HANDED_OVER) {
                checkUsable(); // detached: throws
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000); // HANDING: decided in a moment
        }
        while (true) {
            SocketTransport s = stream;
            try {
                s.send(type, buf, offset, size);
                return;
            } catch (IllegalStateException e) {
                // A hand-over of the peer paused sends on the old stream and then closed it: a
                // send refused there had not started, so it goes to the new stream.
                checkUsable();
                if (stream == s) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Frame receive(int maxLength) {
        return onCurrentStream(s -> s.receive(maxLength));
    }

    @Override
    public boolean poll(long timeoutNanos) {
        return onCurrentStream(s -> s.poll(timeoutNanos));
    }

    /**
     * Runs a receive-side operation on the current stream, and again on the new one if a direct
     * hand-over replaced the stream while the operation was blocked on the old one (which never
     * carried data: its failure means nothing).
     */
    private <T> T onCurrentStream(java.util.function.Function<SocketTransport, T> operation) {
        while (true) {
            checkUsable();
            SocketTransport s = stream;
            try {
                return operation.apply(s);
            } catch (IllegalStateException | EndOfStreamException e) {
                checkUsable();
                if (stream == s) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    /** Follows the current stream, so a wait survives a direct hand-over (it is woken to re-watch). */
    private final class EndReadiness implements Readiness {
        private final java.util.Set<WaitSet> watchers = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean isReady() {
            return localClosed.get() || detached || stream.readiness().isReady();
        }

        @Override
        public void watch(WaitSet set) {
            watchers.removeIf(WaitSet::isClosed);
            if (peer != null) {
                watchers.add(set); // the stream of an end of a local pair may still be replaced
            }
            stream.readiness().watch(set);
        }

        void wakeAll() {
            for (WaitSet w : watchers) {
                w.wakeup();
            }
            watchers.clear();
        }
    }

    @Override
    public Object handoff() throws ObjectStreamException {
        checkUsable();
        holders.incrementAndGet();
        try {
            return PipeBroker.export(this);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public boolean isClosed() {
        return localClosed.get();
    }

    /** Closes this process's copy; the stream itself closes with the last copy. */
    @Override
    public void close() {
        if (localClosed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Drops one hold on the stream (the local copy, a relay, or an unclaimed export). */
    void release() {
        if (holders.decrementAndGet() == 0) {
            synchronized (pairLock) { // not while a direct hand-over swaps the stream
                stream.close();
            }
        }
    }

    /**
     * A process claimed an export of this end: hand it over directly when the pair never
     * carried anything (see the overview), otherwise serve the copy with relay threads.
     */
    void attach(SocketTransport copy, String who) {
        SharedEnd other = peer;
        if (other != null) {
            List<Frame> backlog = new ArrayList<>();
            synchronized (pairLock) {
                if (handOver(other, copy, backlog)) {
                    return;
                }
                relays.incrementAndGet(); // under the lock: from now on neither end may be handed over
            }
            serveCopy(copy, who, backlog);
        } else {
            relays.incrementAndGet();
            serveCopy(copy, who, List.of());
        }
    }

    /**
     * Proceed in four steps, under the pair lock: check that this end never sent and that no
     * relay serves either end; pause the other end's sends (give up if one is in progress);
     * move every frame the other end already sent to the claimed socket, in order; then make
     * the claimed socket the other end's stream and close the pair's sockets, which sends any
     * blocked receive or paused send of the other end to the new stream.
     *
     * <p>Frames to move that add up to more than {@link #HAND_OVER_BACKLOG_LIMIT} bytes are
     * not written under the locks (a child that is not reading yet would hold up the other
     * end): the hand-over gives up and returns them in {@code backlog} for the relay to forward
     * first.
     *
     * @return whether the claimed socket now serves as the other end's stream
     */
    private boolean handOver(SharedEnd other, SocketTransport copy, List<Frame> backlog) {
        if (relays.get() != 0 || other.relays.get() != 0 || other.holders.get() == 0 || detached
                || !handState.compareAndSet(CLEAN, HANDING)) {
            return false;
        }
        SocketTransport mine = stream;
        SocketTransport theirs = other.stream;
        if (!theirs.tryPauseSends()) {
            handState.set(SENT); // harmless: only a hand-over looks at it
            return false;
        }
        try {
            var pending = mine.drainIfIdle();
            if (pending == null) {
                handState.set(SENT);
                return false;
            }
            long bytes = pending.stream().mapToLong(f -> f.payload().length).sum();
            if (bytes > HAND_OVER_BACKLOG_LIMIT) {
                handState.set(SENT);
                backlog.addAll(pending);
                return false;
            }
            for (var f : pending) {
                copy.send(f.type(), f.payload(), 0, f.payload().length);
            }
            other.stream = copy;
            detached = true;
            handState.set(HANDED_OVER);
            theirs.close(); // a receive blocked on it fails, and retries on the new stream
            mine.close();
        } finally {
            theirs.resumeSends(); // a paused sender finds the old stream closed and retries
        }
        other.readiness.wakeAll();
        readiness.wakeAll();
        release(); // the export's hold: the stream it guarded is gone
        return true;
    }

    /** Serves a claimed copy with relay threads until either side ends; {@code backlog} goes to it first. */
    private void serveCopy(SocketTransport copy, String who, List<Frame> backlog) {
        var ended = new AtomicBoolean();
        Thread[] threads = new Thread[2];
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                copy.close(); // ends the up thread's receive; its send on the stream, if any, completes
                Thread down = threads[1];
                if (down != null && down != Thread.currentThread()) {
                    down.interrupt(); // an interrupted receive leaves the stream's frame for other copies
                }
                release();
            }
        };
        threads[0] = Thread.ofPlatform().daemon().name("mp4j-pipe-up-" + who).unstarted(() -> {
            try {
                while (!ended.get()) {
                    var f = copy.receive(-1);
                    stream.send(f.type(), f.payload(), 0, f.payload().length);
                }
            } catch (EndOfStreamException | IllegalStateException | ConnectionException | InterruptedWaitException e) {
                // the copy closed or died, or the stream is gone
            } finally {
                end.run();
            }
        });
        if (readable) {
            threads[1] = Thread.ofPlatform().daemon().name("mp4j-pipe-down-" + who).unstarted(() -> {
                try {
                    for (var f : backlog) {
                        copy.send(f.type(), f.payload(), 0, f.payload().length);
                    }
                    while (!ended.get()) {
                        var f = stream.receive(-1);
                        copy.send(f.type(), f.payload(), 0, f.payload().length);
                    }
                } catch (EndOfStreamException | IllegalStateException | ConnectionException | InterruptedWaitException e) {
                    // the peer closed, or the copy went away
                } finally {
                    end.run();
                }
            });
        }
        for (Thread t : threads) {
            if (t != null) {
                t.start();
            }
        }
    }

    private void checkOpen() {
        if (localClosed.get()) {
            throw new IllegalStateException("connection is closed");
        }
    }

    private void checkUsable() {
        checkOpen();
        if (detached) {
            throw new IllegalStateException("this pipe end was passed to another process before it was used here,"
                    + " and now talks to its peer directly from there; its copy here can only be closed");
        }
    }

    @Override
    public String toString() {
        return "pipe end" + (holders.get() > 1 ? " (shared with " + (holders.get() - 1) + " other process(es))" : "");
    }
}
