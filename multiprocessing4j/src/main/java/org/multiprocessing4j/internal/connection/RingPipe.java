package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.ring.QueueRing;
import org.multiprocessing4j.internal.ring.RingReadiness;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.shm.SessionSegments;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pipe's segment as this process sees it ({@link PipeDescriptor}): the ring towards each
 * end, the table of the ends' holders, and the rules built on them: a reader's stream has ended
 * once the other end has no holder left and the ring is drained; a writer's peer has gone once
 * the other end has no holder. Each process resolves a segment to one object (so one
 * {@link RingReadiness} watcher per ring); the {@link RingEnd}s of the process share it.
 *
 * <p>Each ring holds {@link Configuration#pipeRingBytes()} of frames (1 MiB by default; the
 * file is sparse); a message larger than half of it travels in an overflow segment of its own,
 * as a queue's does. The segment's file is removed as soon as neither end has a holder (no process can attach
 * it any more: a copy in transit is itself a holder), and otherwise goes with the session.
 */
final class RingPipe {

    /**
     * How often a caller that does not sleep (poll, wait) may look for dead holders: a
     * {@code poll()} loop on an empty pipe sees a dead writer within this time, and costs a few
     * shared-memory reads per call in between.
     */
    private static final long SCAN_INTERVAL_NANOS = 5_000_000L;

    /**
     * How often a sleeper looks for dead holders. A sleeper's {@code onSlice} also runs after
     * every wake-up, once per message in a ping-pong: a scan there each time (a /proc read per
     * holder process) would cost more than the message.
     */
    private static final long SLEEPER_SCAN_INTERVAL_NANOS = 50_000_000L;

    private static final ConcurrentHashMap<String, WeakReference<RingPipe>> RESOLVED = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon().name("mp4j-pipe-cleaner").unstarted(r));

    private final Segment segment;
    private final PipeHolders holders;
    /** rings[e]: the frames to end e, sent through the other end; rings[1] is null for a one-way pipe. */
    private final QueueRing[] rings;
    private final RingReadiness[] readiness = new RingReadiness[2];
    private volatile long lastScan;

    private RingPipe(Segment segment) {
        this.segment = segment;
        MemorySegment body = segment.body();
        long capacity = body.get(ValueLayout.JAVA_LONG, PipeDescriptor.CAPACITY_OFFSET);
        int count = body.get(ValueLayout.JAVA_INT, PipeDescriptor.RINGS_OFFSET);
        if ((count != 1 && count != 2) || body.byteSize() < PipeDescriptor.bodySize(capacity, count)) {
            throw new IllegalStateException("corrupt pipe segment " + segment.name() + ": " + count + " rings of "
                    + capacity + " bytes in a body of " + body.byteSize());
        }
        this.holders = new PipeHolders(body);
        this.rings = new QueueRing[2];
        for (int end = 0; end < count; end++) {
            rings[end] = new QueueRing(body.asSlice(PipeDescriptor.ringOffset(end, capacity), QueueRing.bodySize(capacity)));
            int reader = end;
            readiness[end] = new RingReadiness(rings[end], () -> streamEndedSoon(reader));
        }
        var name = segment.name();
        var file = segment.path();
        CLEANER.register(this, () -> {
            RESOLVED.computeIfPresent(name, (n, ref) -> ref.get() == null ? null : ref);
            SessionSegments.released(file, false);
        });
    }

    /** A new pipe: both rings when {@code duplex}, else only the one towards the left end. */
    static RingPipe create(boolean duplex) {
        long capacity = Configuration.pipeRingBytes();
        int count = duplex ? 2 : 1;
        // Allocated now: the header, the holders' table and each ring's header (the first ring's
        // is in the segment's reserved prefix), so that a full file system fails here, with
        // nothing left, and never faults a holder's or a reader's write later; the rings' data
        // stays sparse, and a send that faults there fails (QueueRing.write) with nothing sent.
        Segment s = SessionSegments.create(PipeDescriptor.KIND, PipeDescriptor.bodySize(capacity, count),
                0, PipeDescriptor.ringOffset(0, capacity) + QueueRing.bodySize(0),
                PipeDescriptor.ringOffset(count - 1, capacity), QueueRing.bodySize(0));
        MemorySegment body = s.body();
        body.set(ValueLayout.JAVA_LONG, PipeDescriptor.CAPACITY_OFFSET, capacity);
        body.set(ValueLayout.JAVA_INT, PipeDescriptor.RINGS_OFFSET, count);
        for (int end = 0; end < count; end++) {
            QueueRing.format(body.asSlice(PipeDescriptor.ringOffset(end, capacity), QueueRing.bodySize(capacity)), capacity, 0);
        }
        var pipe = new RingPipe(s);
        RESOLVED.put(s.name(), new WeakReference<>(pipe));
        return pipe;
    }

    /**
     * This process's object over the pipe segment {@code name}, attached on first use.
     *
     * @throws org.multiprocessing4j.internal.shm.Segment.NoSuchSegmentException if the pipe's
     *         file is gone (every holder of both ends closed)
     */
    static RingPipe attach(String name) {
        WeakReference<RingPipe> ref = RESOLVED.get(name);
        RingPipe known = ref != null ? ref.get() : null;
        if (known != null) {
            return known;
        }
        synchronized (RESOLVED) {
            ref = RESOLVED.get(name);
            known = ref != null ? ref.get() : null;
            if (known != null) {
                return known;
            }
            Segment s = SessionSegments.attach(name);
            if (s.kind() != PipeDescriptor.KIND) {
                throw new IllegalStateException("segment " + name + " holds kind " + s.kind() + ", not a pipe");
            }
            var pipe = new RingPipe(s);
            RESOLVED.put(name, new WeakReference<>(pipe));
            return pipe;
        }
    }

    String name() {
        return segment.name();
    }

    PipeHolders holders() {
        return holders;
    }

    /** The ring that carries frames to {@code end}. */
    QueueRing ringTo(int end) {
        return rings[end];
    }

    RingReadiness readinessOf(int end) {
        return readiness[end];
    }

    /** Whether the other end of {@code end} has no holder that counts (cheap: no liveness check). */
    boolean peerGoneQuick(int end) {
        return !holders.any(1 - end);
    }

    /** Whether the other end of {@code end} has no live holder, after removing dead ones. */
    boolean peerGone(int end) {
        if (holders.any(1 - end)) {
            reclaimDead();
        }
        return !holders.any(1 - end);
    }

    private void reclaimDead() {
        lastScan = System.nanoTime();
        if (holders.reclaimDead() > 0) {
            holdersChanged();
        }
    }

    /** For a sleeper between sleeps: looks for dead holders if none looked for a sleep slice. */
    void scanBetweenSleeps() {
        if (System.nanoTime() - lastScan >= SLEEPER_SCAN_INTERVAL_NANOS) {
            reclaimDead();
        }
    }

    /**
     * Whether the stream towards {@code reader} has ended, for watchers and waiters that ask
     * often: looks for dead holders at most every {@link #SCAN_INTERVAL_NANOS}.
     */
    boolean streamEndedSoon(int reader) {
        if (peerGoneQuick(reader)) {
            return true;
        }
        return System.nanoTime() - lastScan >= SCAN_INTERVAL_NANOS && peerGone(reader);
    }

    /**
     * After holders went: wakes everyone who sleeps on either ring (a reader may now be at the
     * end of its stream, a writer without a reader), and removes the file when no holder is
     * left.
     */
    void holdersChanged() {
        for (QueueRing r : rings) {
            if (r != null) {
                r.notEmpty().wake(Integer.MAX_VALUE);
                r.wakeWriters();
            }
        }
        if (!holders.any(0) && !holders.any(1)) {
            segment.unlink();
        }
    }

    @Override
    public String toString() {
        return "pipe " + segment.name();
    }
}
