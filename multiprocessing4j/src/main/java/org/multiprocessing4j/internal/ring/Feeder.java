package org.multiprocessing4j.internal.ring;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;

import org.multiprocessing4j.internal.spawn.SpawnRuntime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The feeder thread of one unbounded queue in one process (CPython's {@code Queue._feed}):
 * {@code put} hands it an item already encoded in the caller and returns; the feeder writes
 * whatever has piled up into the ring under one hold of the lock, waiting for room when the
 * ring is full. It is a daemon thread started by the first put that needs it.
 *
 * <p>Fast path: when the ring is empty and nothing of this process is pending for the queue
 * (the buffer is empty and the thread is not writing), an item that fits the ring inline is
 * written by the caller itself if the lock comes free within {@link #DIRECT_LOCK_NANOS}. This
 * keeps each thread's order (its earlier items are all in the ring already), never makes the
 * caller of a small item wait for room, and spares a getter that waits the hand-off to another
 * thread. When the ring holds items, getters are busy anyway: a small item goes to the feeder,
 * which writes what piles up in batches under one hold of the lock instead of one lock cycle
 * per item; an item of {@link #DIRECT_BYTES} or more is still written directly if there is
 * room, which spares the copy the hand-off needs and a thread switch, and batching would not
 * save anything.
 *
 * <p>A large item that finds the ring full (and nothing of this process pending) waits for room
 * as long as getters keep taking items, and goes to the feeder once none has been taken for
 * {@link #DIRECT_STALL_NANOS}; {@code putNowait} never waits. Handing it over at once would
 * cost a private copy of a {@code byte[]} item in this heap: a producer faster than its getters
 * then piles up copies that the collector moves again and again (measured with a fresh child
 * putting 200 items of 1 MiB: the child's collector threads took about a quarter of both JVMs'
 * CPU). Waiting while the getters drain the ring makes the producer go at their pace instead,
 * with one copy per item. A later large item that finds items of this process pending waits,
 * by the same rule, until the thread has written them (so one stall does not turn the rest of
 * a stream into private copies) and then goes the direct way. A put waits at most one stall
 * each time the getters stop taking; getters that stop for good leave every later item with
 * the thread after one stall each, and {@code putNowait} never waits (CPython's put never does).
 *
 * <p>Lifecycle (one state field): OPEN → CLOSED (no more puts; the thread writes what it holds
 * and ends) → ENDED. At JVM exit every feeder that was not {@linkplain #cancel() cancelled} is
 * closed and waited for, as CPython joins feeder threads at exit, after children are joined
 * (exit phase RESOURCES): items put just before a process exits reach the queue. A cancelled
 * feeder is not waited for; what it still holds is lost when the JVM exits (and leaves the
 * count below).
 *
 * <p>What the feeder holds is counted in the ring's {@link QueueRing#held() held} word from
 * {@code put} until the item is in the ring, so {@code qsize()} counts it in every process, as
 * CPython's does. Items lost with a process that died stay counted (CPython's count stays
 * taken too); a cancelled feeder's buffer leaves the count when its JVM exits normally.
 *
 * <p>A full shared-memory file system (no room for an overflow segment, or for the next page of
 * the sparse ring) loses nothing: the feeder keeps its items, in order, and retries with a
 * back-off (see {@code keepForRetry}).
 *
 * <p>Thread-safe.
 */
public final class Feeder {

    private static final System.Logger LOG = LazyLogger.of(Feeder.class);

    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int ENDED = 2;

    /** Feeders to flush at exit. */
    private static final Set<Feeder> AT_EXIT = ConcurrentHashMap.newKeySet();
    private static boolean hooked; // guarded by Feeder.class

    /** How long a put may wait for the ring's lock before it leaves the item to the feeder. */
    static final long DIRECT_LOCK_NANOS = 20_000;

    /** From this size on an item is written directly even when the ring holds items: batching gains nothing then. */
    static final int DIRECT_BYTES = 64 * 1024;

    /**
     * How long a put of a large item ({@link #DIRECT_BYTES} or more) that finds the ring full
     * waits for room while getters take nothing, before it leaves the item to the feeder. Long
     * enough to ride over a getter's young collection on a loaded machine; the wait costs at
     * most this once per stall, since the next puts find this item pending and hand theirs to
     * the feeder at once.
     */
    static final long DIRECT_STALL_NANOS = 10_000_000;

    /** How often a put waiting for the thread to drain looks whether getters still take items. */
    private static final long STALL_CHECK_MILLIS = 2;

    /** An item waiting for the feeder: encoded, or a private copy of a {@code byte[]} item. */
    private record Pending(byte[] data, boolean raw) {}

    private final QueueRing ring;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>(); // guarded by this
    private int state = OPEN; // guarded by this
    private boolean idle; // guarded by this: the thread waits for items
    private boolean writing; // guarded by this: the thread writes a batch
    private int drainWaiters; // guarded by this: puts in awaitDrained
    /** Items of the batch being written that are not in the ring yet (still held). */
    private final AtomicInteger unwritten = new AtomicInteger();
    private Thread thread; // guarded by this
    private volatile boolean cancelled;
    private Throwable failure; // guarded by this: why the thread died, if it did
    private long fullSince; // guarded by this: when the file system was found full, 0 when it is not
    private long fullBackoffMillis; // guarded by this

    /** How long a closed feeder keeps retrying while the shared-memory file system is full. */
    static final long FULL_GIVE_UP_NANOS = 30_000_000_000L;
    private static final java.util.concurrent.atomic.AtomicLong FULL_RETRIES = new java.util.concurrent.atomic.AtomicLong();

    public Feeder(QueueRing ring) {
        this.ring = ring;
    }

    /**
     * Puts an item: {@code raw} for a {@code byte[]} item (copied here if it has to wait, so the
     * caller may reuse its array at once), else its encoded form. Written to the ring before
     * this returns (fast path) or soon by the feeder thread. A large item may wait for room
     * while getters take items, at most {@code waitNanos} ({@link
     * org.multiprocessing4j.internal.sync.Blocking#FOREVER}: no limit but the stall's; 0: no
     * wait), see the class comment.
     *
     * @throws IllegalStateException if {@link #close()} was called, or the feeder thread died
     */
    public void put(byte[] data, boolean raw, long waitNanos) {
        synchronized (this) {
            checkUsable();
            if ((!buffer.isEmpty() || writing) && data.length >= DIRECT_BYTES && waitNanos > 0
                    && ring.fitsInline(data.length)) {
                long start = System.nanoTime();
                if (!awaitDrained(waitNanos)) {
                    enqueueLocked(new Pending(raw ? data.clone() : data, raw));
                    return;
                }
                checkUsable();
                if (waitNanos != Blocking.FOREVER) {
                    waitNanos = Math.max(0, waitNanos - (System.nanoTime() - start));
                }
            }
            if (!buffer.isEmpty() || writing || !ring.fitsInline(data.length)
                    || (ring.size() != 0 && data.length < DIRECT_BYTES)) {
                enqueueLocked(new Pending(raw ? data.clone() : data, raw));
                return;
            }
        }
        boolean written = false;
        try {
            var frame = new QueueRing.Frame(raw ? QueueDescriptor.BYTES : QueueDescriptor.OBJECT, data);
            written = ring.tryPut(frame, DIRECT_LOCK_NANOS)
                    || (data.length >= DIRECT_BYTES && waitNanos > 0 && ring.putWhileTaken(frame, DIRECT_STALL_NANOS, waitNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // put does not block: leave the item to the feeder
        } catch (Segment.FileSystemFullException e) {
            // no room in the file system for the ring's next page: the feeder keeps it and retries
        }
        if (!written) {
            synchronized (this) {
                enqueueLocked(new Pending(raw ? data.clone() : data, raw));
            }
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("cannot put: this process's feeder thread for the queue died ("
                    + failure + "), and the items it held were lost", failure);
        }
        if (state != OPEN) {
            throw new IllegalStateException("cannot put: this process closed the queue");
        }
    }

    /**
     * For a large item while the thread holds items of this process: waits on this monitor
     * (called with it held) until the thread has written them all, as long as getters keep
     * taking items (the stall rule of a large item's wait for room: {@link TakeProgress}).
     * Without this, one stall of the getters hands every later large item over at once, and a
     * fast producer piles up copies in its heap (measured: a child putting 2 000 items of 1 MiB
     * grew its heap to 340 MB, and its collector paused for 100-230 ms at a time, during which
     * the getter waited).
     *
     * @return whether the thread holds nothing now; false after a stall of the getters, after
     *         {@code waitNanos}, or on an interrupt (whose status is kept)
     */
    private boolean awaitDrained(long waitNanos) {
        var progress = new TakeProgress(ring, DIRECT_STALL_NANOS, waitNanos);
        drainWaiters++;
        try {
            while (!buffer.isEmpty() || writing) {
                if (failure != null || state != OPEN) {
                    return true; // the caller's check reports it
                }
                long left = progress.left();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, Math.min(left / 1_000_000, STALL_CHECK_MILLIS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // put does not block: leave the item to the thread
                    return false;
                }
            }
            return true;
        } finally {
            drainWaiters--;
        }
    }

    /** Queues an item for the thread, starting it if there is none (again, after a close raced with a put). */
    private void enqueueLocked(Pending p) {
        buffer.add(p);
        ring.addHeld(1); // qsize() counts it from now on, in every process
        if (thread == null || state == ENDED) {
            if (state == ENDED) {
                state = CLOSED;
            }
            start();
        } else if (idle) {
            notifyAll(); // notifyAll: puts in awaitDrained wait on this monitor too
        }
    }

    private void start() {
        thread = Thread.ofPlatform().daemon().name("mp4j-queue-feeder").unstarted(this::run);
        AT_EXIT.add(this);
        hookOnce();
        thread.start();
    }

    private static void hookOnce() {
        synchronized (Feeder.class) {
            if (!hooked) {
                hooked = true;
                SpawnRuntime.onExit(SpawnRuntime.Phase.RESOURCES, Feeder::flushAllAtExit);
            }
        }
    }

    private static void flushAllAtExit() {
        for (Feeder f : AT_EXIT) {
            if (f.cancelled) {
                f.dropBufferAtExit();
            } else {
                f.close();
                f.joinUninterruptibly();
            }
        }
    }

    /** No more puts from this process: the thread writes what it holds and ends. Idempotent. */
    public synchronized void close() {
        if (state == OPEN) {
            state = thread == null ? ENDED : CLOSED;
            notifyAll(); // notifyAll: puts in awaitDrained wait on this monitor too
        }
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return state != OPEN;
    }

    /** Do not wait for this feeder at exit (CPython's {@code cancel_join_thread}). */
    public void cancel() {
        cancelled = true;
    }

    /**
     * At exit, a cancelled feeder's buffered items, and the rest of the batch it is writing, are
     * lost with the JVM: they leave the held count.
     */
    private synchronized void dropBufferAtExit() {
        ring.addHeld(-(buffer.size() + Math.max(0, unwritten.getAndSet(0))));
        buffer.clear();
    }

    /** Waits until the thread has written everything and ended (returns at once if never started). */
    public void join() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join();
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The thread's body. If it dies (an {@link Error} such as {@link OutOfMemoryError}: the
     * buffer of an unbounded queue grows in this heap while nobody reads), the items it held are
     * lost, which is logged, and later puts in this process fail with the cause instead of
     * piling items up for a thread that no longer exists.
     */
    private void run() {
        try {
            feed();
        } catch (Throwable t) {
            int lost;
            synchronized (this) {
                failure = t;
                lost = buffer.size();
                ring.addHeld(-(lost + Math.max(0, unwritten.getAndSet(0))));
                buffer.clear();
                writing = false;
                state = ENDED;
                AT_EXIT.remove(this);
            }
            LOG.log(System.Logger.Level.ERROR, "queue feeder thread died: " + lost
                    + " buffered items and the batch being written are lost; later puts in this process fail", t);
        }
    }

    private void feed() {
        var frames = new ArrayList<QueueRing.Frame>();
        while (true) {
            List<Pending> items;
            synchronized (this) {
                writing = false;
                if (drainWaiters > 0 && buffer.isEmpty()) {
                    notifyAll(); // a large item's put waits for this (awaitDrained)
                }
                while (buffer.isEmpty() && state == OPEN) {
                    idle = true;
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts the feeder on purpose; keep feeding
                    } finally {
                        idle = false;
                    }
                }
                if (buffer.isEmpty()) {
                    state = ENDED;
                    AT_EXIT.remove(this);
                    return;
                }
                items = new ArrayList<>(buffer);
                buffer.clear();
                writing = true;
                unwritten.set(items.size());
            }
            frames.clear();
            int taken = 0;
            int lost = 0;
            Segment.FileSystemFullException full = null;
            for (Pending item : items) {
                try {
                    frames.add(ring.frameOf(item.data(), item.raw()));
                } catch (Segment.FileSystemFullException e) {
                    full = e;
                    break;
                } catch (RuntimeException e) {
                    // As CPython's feeder: report and go on with the next item.
                    LOG.log(System.Logger.Level.ERROR, "queue feeder: cannot store an item of " + item.data().length + " bytes; it is lost", e);
                    lost++;
                }
                taken++;
            }
            written(lost); // lost above: no longer held
            if (!write(frames)) {
                return;
            }
            if (full == null) {
                fullSince = 0;
            } else if (!keepForRetry(items.subList(taken, items.size()), full)) {
                return;
            }
        }
    }

    /**
     * {@code n} items of the batch are in the ring (or lost): they leave the held count, unless
     * {@link #dropBufferAtExit()} took the rest of the batch out of it already.
     */
    private void written(int n) {
        int before = unwritten.getAndAdd(-n);
        if (before > 0 && n > 0) {
            ring.addHeld(-Math.min(n, before));
        }
    }

    /**
     * The shared-memory file system is full: {@code rest} (the item that did not fit and those
     * after it) goes back to the front of the buffer, in order, and the thread waits before it
     * tries again, 10 ms doubling to 1 s, until space is freed. Nothing is lost while the queue
     * is open; once it is closed (or the JVM exits) the feeder gives up after
     * {@link #FULL_GIVE_UP_NANOS}, so that a full file system cannot keep the process from
     * exiting, and logs what is lost.
     *
     * @return false if it gave up (the thread ends)
     */
    private boolean keepForRetry(List<Pending> rest, Segment.FileSystemFullException full) {
        long now = System.nanoTime();
        FULL_RETRIES.incrementAndGet();
        synchronized (this) {
            for (int i = rest.size() - 1; i >= 0; i--) {
                buffer.addFirst(rest.get(i));
            }
            unwritten.addAndGet(-rest.size()); // back in the buffer: still held, no longer of this batch
            if (fullSince == 0) {
                fullSince = now;
                fullBackoffMillis = 10;
                LOG.log(System.Logger.Level.WARNING, "queue feeder: " + full.getMessage() + "; it keeps "
                        + buffer.size() + " items and retries until there is room");
            } else {
                fullBackoffMillis = Math.min(1000, fullBackoffMillis * 2);
            }
            if (state != OPEN && now - fullSince > FULL_GIVE_UP_NANOS) {
                int lost = buffer.size();
                dropBufferAtExit(); // what is lost leaves the held count
                writing = false;
                state = ENDED;
                AT_EXIT.remove(this);
                LOG.log(System.Logger.Level.ERROR, "queue feeder: the queue was closed while the shared-memory file system"
                        + " stayed full; " + lost + " items are lost", full);
                return false;
            }
            try {
                wait(fullBackoffMillis); // a close() wakes it early
            } catch (InterruptedException e) {
                // nobody interrupts the feeder on purpose; keep feeding
            }
        }
        return true;
    }

    /** How many times a feeder found the shared-memory file system full and kept its items (for tests and diagnostics). */
    public static long fullRetries() {
        return FULL_RETRIES.get();
    }

    /**
     * Writes {@code frames} in order, waiting for room in the ring, and for room in the file
     * system as {@link #keepForRetry} does.
     *
     * @return false if it gave up (the frames not written are discarded, the thread ends)
     */
    private boolean write(List<QueueRing.Frame> frames) {
        int done = 0;
        while (done < frames.size()) {
            try {
                int n = ring.putSome(frames, done, this::written); // out of the held count under the ring's lock
                done += n;
                if (n == 0) {
                    ring.awaitRoom(frames.get(done).payload().length);
                }
            } catch (Segment.FileSystemFullException e) {
                if (!keepForRetry(List.of(), e)) {
                    frames.subList(done, frames.size()).forEach(QueueRing::discard);
                    return false;
                }
            } catch (InterruptedException e) {
                // nobody interrupts the feeder on purpose; keep feeding
            }
        }
        return true;
    }
}
