package org.multiprocessing4j.internal.ring;

import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.Posix;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.sync.Mutex;
import org.multiprocessing4j.internal.sync.Word;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

import static org.multiprocessing4j.internal.ring.QueueDescriptor.FRAME_HEADER;
import static org.multiprocessing4j.internal.ring.QueueDescriptor.BYTES;
import static org.multiprocessing4j.internal.ring.QueueDescriptor.OBJECT;
import static org.multiprocessing4j.internal.ring.QueueDescriptor.OVERFLOW;
import static org.multiprocessing4j.internal.ring.QueueDescriptor.WRAP;
import static org.multiprocessing4j.internal.ring.QueueDescriptor.frameLength;

/**
 * A multi-producer/multi-consumer ring of length-prefixed frames in shared memory, guarded by
 * the core lock ({@link Mutex}), with not-empty / not-full waits on futex words: the mechanism
 * under every queue. It moves encoded items only; callers encode before and decode after, so
 * the lock is never held while (de)serialising. Laid out as {@link QueueDescriptor}.
 *
 * <p>Thread-safe and process-safe: any number of threads of any number of processes may put
 * and take on the same ring. Memory consistency effects: actions before a put happen-before
 * actions after the take that returns that item.
 */
public final class QueueRing {

    /*
     * The ring of a new queue holds Configuration.queueRingBytes() of frames (default 16 MiB).
     * The file is sparse: a queue costs memory only for the part of its ring that traffic has
     * touched, at most this much. Measured on 2 vCPUs: 1 MiB messages between two processes
     * flowed 1.5-3x faster through a 16 MiB ring than through a 4 MiB one (fewer full-ring
     * waits); small messages do not care.
     */

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** How far ahead of its traffic a process populates the ring's pages, at most (a power of 2). */
    static final long POPULATE_CHUNK = 256 * 1024;

    /** The first populate step (a power of 2); the steps double from it up to {@link #POPULATE_CHUNK}. */
    static final long FIRST_POPULATE_CHUNK = 16 * 1024;

    /** Frames from this payload size on are copied out of the ring without holding the lock. */
    static final int CLAIM_BYTES = 64 * 1024;

    /** What {@link #tryTake(int)} returns while another getter copies the head frame out. */
    private static final Frame CLAIMED = new Frame(0, new byte[0]);

    private static final int WRITTEN = 0;
    private static final int FULL = 1;
    private static final int NO_BYTES = 2;

    /**
     * A frame for or from the ring: an item ({@code OBJECT} encoded, or {@code BYTES} as is),
     * inline or, with the {@code OVERFLOW} flag, as the name of the segment holding it.
     */
    public record Frame(int type, byte[] payload) {
        /** Whether the payload names an overflow segment. */
        public boolean overflow() {
            return (type & OVERFLOW) != 0;
        }

        /** Whether the item is a {@code byte[]} that was not encoded. */
        public boolean rawBytes() {
            return (type & ~OVERFLOW) == BYTES;
        }
    }

    private final MemorySegment body;
    private final MemorySegment ring;
    private final Mutex mutex;
    private final Word notEmpty;
    private final Word notFull;
    private final Word unfinished;
    private final long capacity;
    private final int maxsize;
    private final long inlineLimit;
    private volatile RingReadiness readiness; // created on the first wait on this ring
    /** Bytes of the ring, from 0, that this process has populated for writing, and for reading. */
    private volatile long populatedForWrite;
    private volatile long populatedForRead;
    private volatile boolean populating = true; // until a populate call fails

    /*
     * Implementation overview. Positions are byte offsets into the ring, always multiples of
     * 8 and below the capacity; each commit word (head, tail) packs a 32-bit sequence with a
     * position, so "how many items" and "where" change in one store. Under the mutex a putter
     * finds a place for its frame (at the tail if it fits before the end, else at 0 after a
     * WRAP marker if it fits before the head), copies it there, and only then stores the new
     * tail; a getter copies the frame at the head out into the heap and then stores the new
     * head. A process that dies while holding the mutex (kill -9) has therefore either
     * published its whole change or none of it; the next acquirer is told OwnerDied by the
     * mutex, which has freed the lock, and simply tries again. Any frame fits an empty ring
     * because inline frames take at most half of it: when the ring is empty the free space
     * before or after the common position is at least half. (Sending an emptied ring's next
     * frame back to position 0 was tried and made small messages 5-10x slower: a producer then
     * writes the lines its consumer has just read, instead of streaming ahead of it.)
     *
     * Large frames (64 KiB and more) are not copied out under the lock: the getter claims the
     * head frame (its pid in the claim word), releases the lock, copies, then stores the new
     * head and clears the claim. Putters go on writing meanwhile, which lets a producer and a
     * consumer of large items copy at the same time; other getters wait for the claim to end.
     * The claim of a dead process is cleared by the next getter, and the frame, still at the
     * head, is taken again: a getter killed while copying a large item loses nothing.
     *
     * Waiting: getters sleep on "not empty", putters on "not full" (the wake sequences of
     * their word groups); whoever commits wakes the other side only if its sleeper count says
     * someone sleeps. A getter that takes an item while more remain wakes one more getter, so
     * a wake-up consumed by a getter that then timed out or was interrupted is passed on;
     * sleepers also re-check every 50 ms slice in any case.
     *
     * Page faults: the ring is a sparse file, and each process maps it page by page as it first
     * touches it, one fault per page (15-30 µs each on the paravirtualised 2-vCPU VM we measure
     * on: 4-8 ms for the first lap of a 1 MiB item, in each process). Before a process first
     * writes or reads ring bytes past what it has populated, it populates the pages up to the
     * next chunk boundary with one call (Posix.populate), which costs a few percent of those
     * faults. Positions only grow from 0 and wrap to 0, so one mark per direction says what is
     * done; the ring stays sparse beyond the bytes traffic reached, plus one chunk. Chunks start
     * at FIRST_POPULATE_CHUNK and double up to POPULATE_CHUNK: small messages then cross a mark
     * early and again every time the populated part doubles, so the JIT's profile of the
     * "populate now" branch holds a few crossings by the time C2 compiles the put and take
     * paths. With one 256 KiB step from the start, small messages (16-byte frames) first
     * crossed a mark at message 16 384, after C2 had compiled that branch as never taken: each
     * process then deoptimised and recompiled its send and receive paths in the middle of a
     * ping-pong (measured: the 17th thousand of the benchmark's 20 000 pipe round trips was
     * 2-10x slower than its neighbours).
     *
     * Bounded queues (maxsize > 0) count items; a frame that is within the count but does not
     * find contiguous free bytes moves to an overflow segment instead of waiting, so that
     * full() and put agree. Unbounded queues wait for bytes (their feeder does).
     */

    /** Attaches to the ring of a published queue segment's body. */
    public QueueRing(MemorySegment body) {
        this.body = body;
        this.capacity = body.get(ValueLayout.JAVA_LONG, QueueDescriptor.CAPACITY_OFFSET);
        this.maxsize = body.get(ValueLayout.JAVA_INT, QueueDescriptor.MAXSIZE_OFFSET);
        if (capacity < Configuration.QUEUE_RING_BYTES_MIN || capacity % 8 != 0 || QueueDescriptor.DATA_OFFSET + capacity > body.byteSize()) {
            throw new IllegalStateException("corrupt queue segment: ring of " + capacity + " bytes in a body of " + body.byteSize());
        }
        this.ring = body.asSlice(QueueDescriptor.DATA_OFFSET, capacity);
        // The reentrant kind keeps its owner thread in this process's object rather than in the
        // segment: two shared-memory accesses fewer per lock cycle. The ring never re-enters.
        this.mutex = new Mutex(body, QueueDescriptor.MUTEX_OFFSET, true);
        this.notEmpty = new Word(body, QueueDescriptor.NOT_EMPTY_OFFSET);
        this.notFull = new Word(body, QueueDescriptor.NOT_FULL_OFFSET);
        this.unfinished = new Word(body, QueueDescriptor.UNFINISHED_OFFSET);
        this.inlineLimit = capacity / 2 - FRAME_HEADER;
    }

    /** The body size of a queue segment with a ring of {@code capacity} bytes. */
    public static long bodySize(long capacity) {
        return QueueDescriptor.DATA_OFFSET + capacity;
    }

    /** Writes the configuration into a new, zeroed body (before the segment is passed on). */
    public static void format(MemorySegment body, long capacity, int maxsize) {
        body.set(ValueLayout.JAVA_LONG, QueueDescriptor.CAPACITY_OFFSET, capacity);
        body.set(ValueLayout.JAVA_INT, QueueDescriptor.MAXSIZE_OFFSET, Math.max(0, maxsize));
    }

    /**
     * The ring size for new queues: {@link Configuration#queueRingBytes()}.
     *
     * @throws IllegalArgumentException naming the property and value if it is not a multiple of
     *         8 between 4096 and 2^30
     */
    public static long configuredCapacity() {
        return Configuration.queueRingBytes();
    }

    /** Most items the queue holds; 0 when unbounded. */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Items that {@code put} has handed to feeder threads (of any process) and that are not in
     * the ring yet; {@code Queue.qsize()} counts them, as CPython counts an item from its
     * {@code put}. Feeders add before their {@code put} returns and subtract under the lock that
     * writes the items into the ring (or once they are lost), so {@link #sizeWithHeld()} counts
     * each item once. Items held by a process that died are never subtracted.
     */
    public int held() {
        return Math.max(0, (int) INT.getAcquire(body, QueueDescriptor.HELD_OFFSET));
    }

    /** Adds {@code delta} to {@link #held()}, atomically across processes. */
    void addHeld(int delta) {
        INT.getAndAdd(body, QueueDescriptor.HELD_OFFSET, delta);
    }

    /**
     * {@link #size()} + {@link #held()}, read under the lock: a feeder moves items from one to
     * the other under it, so an item that a get has taken is no longer counted, and one being
     * written is counted once (read without the lock, a get could return an item that the
     * feeder had not yet taken out of the held count).
     */
    public int sizeWithHeld() {
        boolean interrupted = Thread.interrupted();
        try {
            lock();
            try {
                return Math.max(0, size()) + held();
            } finally {
                mutex.release();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            return Math.max(0, size()) + held(); // a snapshot that may count an item twice
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Items in the ring now (a snapshot). */
    public int size() {
        return (int) (seq(tail()) - seq(head()));
    }

    /** The take sequence: changes with every item taken (for a putter that waits while getters make progress). */
    int takeSequence() {
        return (int) seq(head());
    }

    /** The put sequence: changes with every item put (for readiness watchers). */
    public int putSequence() {
        return (int) seq(tail());
    }

    /** The word getters sleep on; a put bumps its sequence when someone sleeps. */
    public Word notEmpty() {
        return notEmpty;
    }

    /** Wakes every putter waiting for room, to re-check whatever else it waits for (a pipe's reader leaving). */
    public void wakeWriters() {
        notFull.wake(Integer.MAX_VALUE);
    }

    /** The readiness of this ring for {@code Multiprocessing.wait}: one watcher per ring object. */
    public RingReadiness readiness() {
        RingReadiness r = readiness;
        if (r == null) {
            synchronized (this) {
                if (readiness == null) {
                    readiness = new RingReadiness(this);
                }
                r = readiness;
            }
        }
        return r;
    }

    /** Whether a bounded ring holds maxsize items (a snapshot); false when unbounded. */
    public boolean isFull() {
        return maxsize > 0 && size() >= maxsize;
    }

    /**
     * Prepares an item ({@code raw}: a {@code byte[]} item as is, else its encoded form): inline
     * when it takes at most half the ring, else in an overflow segment created now (the caller
     * holds no lock).
     */
    public Frame frameOf(byte[] data, boolean raw) {
        int kind = raw ? BYTES : OBJECT;
        return fitsInline(data.length) ? new Frame(kind, data) : new Frame(kind | OVERFLOW, Overflow.write(data));
    }

    /** Whether an item of {@code length} bytes travels in the ring itself (not in an overflow segment). */
    public boolean fitsInline(int length) {
        return length <= inlineLimit;
    }

    /** Removes the overflow segment of a frame that will not be put after all. */
    public static void discard(Frame frame) {
        if (frame.overflow()) {
            Overflow.discard(frame.payload());
        }
    }

    // ---- putting ----

    /**
     * Puts {@code frame}, waiting at most {@code timeoutNanos} ({@link Blocking#FOREVER}) for
     * room. The ring takes the frame over: if it is not put (false or an exception), an
     * overflow segment it refers to is removed.
     *
     * @return whether the frame was put (false: full until the time ran out)
     */
    public boolean put(Frame frame, long timeoutNanos) throws InterruptedException {
        return put(frame, timeoutNanos, null);
    }

    /**
     * As {@link #put(Frame, long)}, but also gives up (false, the frame not put) as soon as
     * {@code stop} (null: never) says so while there is no room; its {@code onSlice} runs after
     * every sleep. A pipe stops when its last reader has gone.
     */
    public boolean put(Frame frame, long timeoutNanos, Blocking.Attempt stop) throws InterruptedException {
        long start = System.nanoTime();
        Frame f = frame;
        try {
            while (true) {
                int r = tryPut(f);
                if (r == WRITTEN) {
                    f = null;
                    notEmpty.wake(1);
                    return true;
                }
                if (r == NO_BYTES && !f.overflow()) {
                    f = new Frame(f.type() | OVERFLOW, Overflow.write(f.payload()));
                    continue;
                }
                if (stop != null && stop.tryNow()) {
                    return false;
                }
                long remaining = timeoutNanos == Blocking.FOREVER ? Blocking.FOREVER : timeoutNanos - (System.nanoTime() - start);
                // A bounded queue's inline frame needs only a free count (it overflows if bytes lack).
                long needed = maxsize > 0 && !f.overflow() ? 0 : frameLength(f.payload().length);
                if (!Blocking.await(notFull, stop == null ? () -> hasRoom(needed) : new Blocking.Attempt() {
                    @Override
                    public boolean tryNow() {
                        return hasRoom(needed) || stop.tryNow();
                    }

                    @Override
                    public void onSlice() {
                        stop.onSlice();
                    }
                }, remaining)) {
                    return false;
                }
            }
        } finally {
            if (f != null) {
                discard(f);
            }
        }
    }

    /**
     * For an unbounded ring: writes frames from {@code frames[from]} on while they fit, under one
     * hold of the lock and one commit, tells {@code whileLocked} how many it wrote before it
     * releases the lock, and wakes getters. Does not wait.
     *
     * @return how many frames were written
     */
    public int putSome(List<Frame> frames, int from, java.util.function.IntConsumer whileLocked) throws InterruptedException {
        int written = 0;
        lock();
        try {
            long h = head();
            long t = tail();
            long hPos = pos(h);
            long tPos = pos(t);
            int count = (int) (seq(t) - seq(h));
            for (int i = from; i < frames.size(); i++) {
                Frame f = frames.get(i);
                long n = frameLength(f.payload().length);
                long at = placement(hPos, tPos, count, n);
                if (at < 0) {
                    break;
                }
                tPos = write(tPos, at, f);
                count++;
                written++;
            }
            if (written > 0) {
                LONG.setRelease(body, QueueDescriptor.TAIL_OFFSET, ((seq(t) + written) << 32) | tPos);
                whileLocked.accept(written);
            }
        } finally {
            mutex.release();
        }
        if (written > 0) {
            notEmpty.wake(written);
        }
        return written;
    }

    /**
     * Puts {@code frame} if the lock is free within about {@code lockNanos} and there is room now;
     * never waits for room. On false the caller still owns the frame.
     */
    public boolean tryPut(Frame frame, long lockNanos) throws InterruptedException {
        try {
            if (!mutex.acquire(lockNanos)) {
                return false;
            }
        } catch (Mutex.OwnerDied e) {
            return false; // freed from a dead owner; the caller's slower path retries
        }
        if (putLocked(frame) != WRITTEN) {
            return false;
        }
        notEmpty.wake(1);
        return true;
    }

    /**
     * For an unbounded ring: puts the inline {@code frame} now if there is room, or else as soon
     * as there is while getters keep taking items; gives up once none has been taken for
     * {@code stallNanos}, or after {@code limitNanos} in all ({@link Blocking#FOREVER}: no
     * limit). On false the caller still owns the frame.
     *
     * @return whether the frame was put
     */
    public boolean putWhileTaken(Frame frame, long stallNanos, long limitNanos) throws InterruptedException {
        long needed = frameLength(frame.payload().length);
        var progress = new TakeProgress(this, stallNanos, limitNanos);
        while (true) {
            if (tryPut(frame) == WRITTEN) {
                notEmpty.wake(1);
                return true;
            }
            long left = progress.left();
            if (left <= 0) {
                return false;
            }
            int taken = progress.seen();
            Blocking.await(notFull, () -> takeSequence() != taken || hasRoom(needed), left);
        }
    }

    /** Waits without limit until a frame of {@code payloadLength} bytes may fit. */
    public void awaitRoom(int payloadLength) throws InterruptedException {
        long needed = frameLength(payloadLength);
        Blocking.await(notFull, () -> hasRoom(needed), Blocking.FOREVER);
    }

    private int tryPut(Frame f) throws InterruptedException {
        lock();
        return putLocked(f);
    }

    /** With the lock held: writes {@code f} if there is room, and releases the lock. */
    private int putLocked(Frame f) {
        try {
            long h = head();
            long t = tail();
            int count = (int) (seq(t) - seq(h));
            if (maxsize > 0 && count >= maxsize) {
                return FULL;
            }
            long at = placement(pos(h), pos(t), count, frameLength(f.payload().length));
            if (at < 0) {
                return maxsize > 0 ? NO_BYTES : FULL;
            }
            long end = write(pos(t), at, f);
            LONG.setRelease(body, QueueDescriptor.TAIL_OFFSET, ((seq(t) + 1) << 32) | end);
            return WRITTEN;
        } finally {
            mutex.release();
        }
    }

    /**
     * Copies {@code f} to {@code at} (after a WRAP marker at {@code tPos} if it wraps); returns
     * the new tail position. The ring is sparse: writing a page of it for the first time on a
     * full file system faults, which the JDK raises as an {@link InternalError}; nothing is
     * committed then (the tail moves after the copy), and it becomes a
     * {@link Segment.FileSystemFullException} for this put.
     */
    private long write(long tPos, long at, Frame f) {
        try {
            return copy(tPos, at, f);
        } catch (InternalError e) {
            throw new Segment.FileSystemFullException("the " + f.payload().length + "-byte item in the queue's ring", e);
        }
    }

    private long copy(long tPos, long at, Frame f) {
        populate(Math.max(tPos + FRAME_HEADER, at + frameLength(f.payload().length)), true);
        if (at != tPos) {
            ring.set(ValueLayout.JAVA_LONG, tPos, QueueDescriptor.frameHeader(WRAP, 0));
        }
        byte[] p = f.payload();
        ring.set(ValueLayout.JAVA_LONG, at, QueueDescriptor.frameHeader(f.type(), p.length));
        MemorySegment.copy(p, 0, ring, ValueLayout.JAVA_BYTE, at + FRAME_HEADER, p.length);
        long end = at + frameLength(p.length);
        return end == capacity ? 0 : end;
    }

    /** Where a frame of {@code n} bytes goes, or -1 if it does not fit now. */
    private long placement(long hPos, long tPos, int count, long n) {
        if (count == 0 || tPos > hPos) { // free: [tPos, capacity) and [0, hPos)
            if (capacity - tPos >= n) {
                return tPos;
            }
            return hPos >= n ? 0 : -1;
        }
        if (tPos < hPos) {
            return hPos - tPos >= n ? tPos : -1;
        }
        return -1; // equal positions with items: full
    }

    /** Whether the count allows one more item and, unless {@code n} is 0, {@code n} bytes fit. */
    private boolean hasRoom(long n) {
        long h = head();
        long t = tail();
        int count = (int) (seq(t) - seq(h));
        if (maxsize > 0 && count >= maxsize) {
            return false;
        }
        return n == 0 || placement(pos(h), pos(t), count, n) >= 0;
    }

    // ---- taking ----

    /**
     * Removes the next item and returns it as an inline frame ({@code OBJECT}: encoded, or
     * {@code BYTES}), waiting at most {@code timeoutNanos} ({@link Blocking#FOREVER}; zero or
     * less: no waiting). An overflow item is read from its segment, which is then removed.
     *
     * @return the item, or null if none came in time
     */
    public Frame take(long timeoutNanos) throws InterruptedException {
        return take(timeoutNanos, null, -1);
    }

    /**
     * As {@link #take(long)}, and also: returns null as soon as the ring is empty and
     * {@code stop} (null: never) says so, running its {@code onSlice} after every sleep (a pipe
     * stops when its last writer has gone, or its end was closed); and with {@code maxLength}
     * at 0 or more refuses a head item longer than that, leaving it in the ring.
     *
     * @throws TooLong if the next item is longer than {@code maxLength}; nothing was taken
     */
    public Frame take(long timeoutNanos, Blocking.Attempt stop, int maxLength) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Frame f = tryTake(maxLength);
            if (f != null && f != CLAIMED) {
                notFull.wake(1);
                if (notEmpty.sleepers() > 0 && size() > 0) {
                    notEmpty.wake(1); // pass on a wake-up another getter may have consumed, or the claim's end
                }
                return f.overflow() ? new Frame(f.type() & ~OVERFLOW, Overflow.read(f.payload())) : f;
            }
            if (f == null && stop != null && stop.tryNow()) {
                return null;
            }
            long remaining = timeoutNanos == Blocking.FOREVER ? Blocking.FOREVER : timeoutNanos - (System.nanoTime() - start);
            if (!Blocking.await(notEmpty, new Blocking.Attempt() {
                @Override
                public boolean tryNow() {
                    return (size() > 0 && claim() == 0) || (stop != null && stop.tryNow());
                }

                @Override
                public void onSlice() {
                    releaseDeadClaim();
                    if (stop != null) {
                        stop.onSlice();
                    }
                }
            }, remaining)) {
                return null;
            }
        }
    }

    /**
     * Waits at most {@code timeoutNanos} until the ring holds an item or {@code stop} says so
     * (see {@link #take(long, Blocking.Attempt, int)}), and takes nothing; whether it holds one.
     * A wake-up meant for a getter is passed on, since this caller does not take.
     */
    public boolean awaitItem(long timeoutNanos, Blocking.Attempt stop) throws InterruptedException {
        boolean woken = Blocking.await(notEmpty, new Blocking.Attempt() {
            @Override
            public boolean tryNow() {
                return size() > 0 || stop.tryNow();
            }

            @Override
            public void onSlice() {
                stop.onSlice();
            }
        }, timeoutNanos);
        boolean item = size() > 0;
        if (woken && item && notEmpty.sleepers() > 0) {
            notEmpty.wake(1);
        }
        return item;
    }

    /** The head item is longer than the caller accepts; it is still in the ring. */
    public static final class TooLong extends RuntimeException {
        /** The item's length in bytes. */
        public final long length;

        TooLong(long length) {
            super("item of " + length + " bytes", null, false, false);
            this.length = length;
        }
    }

    /**
     * Takes the next frame if there is one; {@link #CLAIMED} while another getter copies the head
     * frame out. Proceed in two steps: under the lock, read the head frame; a small one is
     * copied out and removed at once, a large one ({@link #CLAIM_BYTES} or more) is claimed
     * instead. Then, for a claimed frame, copy it out without the lock (putters keep writing
     * behind the tail meanwhile; the head, which protects the frame, has not moved) and remove
     * it by storing the head, then clearing the claim. A getter killed while it holds a claim
     * leaves the frame in place; the next getter clears the claim of the dead pid and takes it.
     */
    private Frame tryTake(int maxLength) throws InterruptedException {
        long h;
        long at;
        int type;
        int length;
        if (size() == 0) {
            // Empty (a snapshot, read without the lock): the common case of a reader that came
            // before the message. Taking the lock only to find nothing would also pull the lock's
            // cache line away from the writer that is about to put.
            return null;
        }
        lock();
        try {
            if (claim() != 0 && !releaseDeadClaim()) {
                return CLAIMED;
            }
            h = head();
            long t = tail();
            if (seq(t) == seq(h)) {
                return null;
            }
            at = pos(h);
            populate(at + FRAME_HEADER, false);
            long header = ring.get(ValueLayout.JAVA_LONG, at);
            if (QueueDescriptor.frameType(header) == WRAP) {
                at = 0;
                header = ring.get(ValueLayout.JAVA_LONG, 0);
            }
            type = QueueDescriptor.frameType(header);
            length = QueueDescriptor.payloadLength(header);
            int kind = type & ~OVERFLOW;
            if ((kind != OBJECT && kind != BYTES) || length < 0 || at + frameLength(length) > capacity) {
                throw new IllegalStateException("corrupt queue ring: frame type " + type + ", length " + length + " at " + at);
            }
            if (maxLength >= 0) {
                long itemLength = (type & OVERFLOW) == 0 ? length
                        : Overflow.length(ring.asSlice(at + FRAME_HEADER, length).toArray(ValueLayout.JAVA_BYTE));
                if (itemLength > maxLength) {
                    throw new TooLong(itemLength);
                }
            }
            populate(at + FRAME_HEADER + length, false);
            if (length < CLAIM_BYTES) {
                byte[] payload = new byte[length];
                MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, at + FRAME_HEADER, payload, 0, length);
                advanceHead(h, at, length);
                return new Frame(type, payload);
            }
            INT.setRelease(body, QueueDescriptor.CLAIM_OFFSET, Mutex.PID);
        } finally {
            mutex.release();
        }
        byte[] payload;
        try {
            payload = ring.asSlice(at + FRAME_HEADER, length).toArray(ValueLayout.JAVA_BYTE);
        } catch (RuntimeException | Error e) {
            INT.setRelease(body, QueueDescriptor.CLAIM_OFFSET, 0); // the frame stays at the head
            notEmpty.wake(1);
            throw e;
        }
        // No lock needed: while the claim is ours no other getter moves the head.
        advanceHead(h, at, length);
        INT.setRelease(body, QueueDescriptor.CLAIM_OFFSET, 0);
        return new Frame(type, payload);
    }

    /**
     * Before this process touches ring bytes below {@code end} for writing (or reading): if they
     * go past what it has populated, populates up to the next chunk boundary, the chunk being
     * what is populated already, from {@link #FIRST_POPULATE_CHUNK} to {@link #POPULATE_CHUNK}
     * (see the overview). Racing callers may populate the same pages twice, which is harmless.
     */
    private void populate(long end, boolean write) {
        long done = write ? populatedForWrite : populatedForRead;
        if (end <= done || !populating) {
            return;
        }
        long chunk = Math.min(POPULATE_CHUNK, Math.max(FIRST_POPULATE_CHUNK, Long.highestOneBit(done)));
        long upTo = Math.min(capacity, (end + chunk - 1) & -chunk);
        if (!Posix.populate(ring.asSlice(done, upTo - done), write)) {
            populating = false; // not available, or the file system is full: pages fault in as they are touched
        } else if (write) {
            populatedForWrite = upTo;
        } else {
            populatedForRead = upTo;
        }
    }

    private void advanceHead(long h, long at, int length) {
        long end = at + frameLength(length);
        LONG.setRelease(body, QueueDescriptor.HEAD_OFFSET, ((seq(h) + 1) << 32) | (end == capacity ? 0 : end));
    }

    private int claim() {
        return (int) INT.getAcquire(body, QueueDescriptor.CLAIM_OFFSET);
    }

    /** Clears a claim whose process has died (the frame is still at the head); whether the claim is free now. */
    private boolean releaseDeadClaim() {
        int c = claim();
        if (c == 0) {
            return true;
        }
        if (c == Mutex.PID || ProcessHandle.of(c).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        INT.compareAndSet(body, QueueDescriptor.CLAIM_OFFSET, c, 0);
        return claim() == 0;
    }

    // ---- unfinished tasks (JoinableQueue) ----

    /** One more task: called before the item becomes visible. */
    public void addTask() {
        unfinished.getAndAdd(1);
    }

    /**
     * One task fewer: {@code taskDone}, or the undo of {@link #addTask()} for a put that failed.
     *
     * @return false if there was no unfinished task (nothing changed)
     */
    public boolean removeTask() {
        while (true) {
            int v = unfinished.get();
            if (v <= 0) {
                return false;
            }
            if (unfinished.compareAndSet(v, v - 1)) {
                if (v == 1) {
                    unfinished.wake(Integer.MAX_VALUE);
                }
                return true;
            }
        }
    }

    /** Unfinished tasks now (a snapshot). */
    public int unfinishedTasks() {
        return unfinished.get();
    }

    /** Waits at most {@code timeoutNanos} until no task is unfinished; whether that happened. */
    public boolean awaitNoTasks(long timeoutNanos) throws InterruptedException {
        return Blocking.await(unfinished, () -> unfinished.get() == 0, timeoutNanos);
    }

    // ---- the lock and the commit words ----

    private void lock() throws InterruptedException {
        while (true) {
            try {
                if (mutex.acquire(Blocking.FOREVER)) {
                    return;
                }
            } catch (Mutex.OwnerDied e) {
                // A process died holding the lock; it published all of its change or none of it
                // (see the overview), and the mutex is free again: try once more.
            }
        }
    }

    private long head() {
        return (long) LONG.getAcquire(body, QueueDescriptor.HEAD_OFFSET);
    }

    private long tail() {
        return (long) LONG.getAcquire(body, QueueDescriptor.TAIL_OFFSET);
    }

    private static long seq(long word) {
        return word >>> 32;
    }

    private static long pos(long word) {
        return word & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return "QueueRing[" + size() + " items, " + capacity + " bytes" + (maxsize > 0 ? ", maxsize " + maxsize : "") + "]";
    }
}
