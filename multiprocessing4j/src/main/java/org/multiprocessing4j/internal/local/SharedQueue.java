package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.QueueFullException;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ring.Feeder;
import org.multiprocessing4j.internal.ring.QueueRing;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.Serial;
import java.time.Duration;

/**
 * The shared-memory {@link Queue}: a ring in a segment of the session ({@link QueueRing}),
 * bounded or not. What the interface promises holds here; in addition:
 * <ul>
 *   <li>A {@code byte[]} item travels as is, without the serializer (the getter receives an
 *       equal array); anything else is encoded by the process serializer in the caller, so an
 *       unserialisable item raises there and nothing is queued.</li>
 *   <li>An unbounded queue's {@code put} does not wait for getters: it writes the item itself
 *       when nothing of this process is pending and the ring has room at once, and otherwise
 *       hands it to this process's feeder thread for the queue ({@link Feeder}), as CPython's
 *       does. The exception is an item of 64 KiB or more that finds the ring full (or this
 *       process's feeder still holding items): it waits for room (and for the feeder to write
 *       what it holds) as long as getters keep taking items (at most its timeout; {@code putNowait} does
 *       not wait), so that a producer of large items runs at its getters' pace instead of
 *       piling private copies of them up in its heap (see {@link Feeder}); once the getters
 *       stall for 10 ms it is handed over. {@link #qsize()} counts an item from the moment
 *       {@code put} returns, also while a feeder (of any process) still holds it, as CPython
 *       counts it in {@code put}; {@code empty()} says whether an item can be got now.</li>
 *   <li>A bounded queue ({@code maxsize > 0}) writes the item itself before {@code put}
 *       returns, so {@link #qsize()} and {@link #full()} count every item put, and a full queue
 *       makes {@code putNowait} throw {@link QueueFullException} with the contents intact.</li>
 *   <li>After {@link #close()}, {@code put} and {@code get} in this process throw
 *       {@link IllegalStateException} (CPython raises {@code ValueError}); other processes are
 *       not affected.</li>
 *   <li>An item that cannot be decoded in the getter is consumed, and {@code get} throws
 *       {@link SerializationException}.</li>
 * </ul>
 * Items of any size pass: those larger than half the ring travel in an overflow segment.
 * Passed to a child (a field of its target), it resolves to one object per process.
 */
public sealed class SharedQueue<E> extends SharedObject implements Queue<E> permits SharedJoinableQueue {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient QueueRing ring;
    /** OPEN until this process calls close(); see Feeder for the feeder's own lifecycle. */
    private transient volatile boolean closed;
    private transient volatile boolean joinCancelled;
    private transient Feeder feeder; // guarded by this; unbounded queues only, on first put

    /*
     * Implementation overview: this class is the policy (argument and state checks, encoding
     * in the caller, decoding after the ring released its lock, the exception mapping); the
     * ring is the mechanism and the feeder the hand-off of unbounded puts. The segment is
     * formatted (capacity, maxsize) before the object is returned, so any process that
     * receives a reference finds it ready. A JoinableQueue adds the task count, which lives in
     * the same segment.
     */

    SharedQueue(Segment segment) {
        super(segment);
        this.ring = new QueueRing(segment.body());
    }

    static Segment newQueueSegment(int kind, int maxsize) {
        long capacity = QueueRing.configuredCapacity();
        Segment s = newSegment(kind, QueueRing.bodySize(capacity));
        QueueRing.format(s.body(), capacity, maxsize);
        return s;
    }

    public static <E> SharedQueue<E> create(int maxsize) {
        return new SharedQueue<>(newQueueSegment(QUEUE, maxsize));
    }

    // ---- putting ----

    @Override
    public void put(E item) {
        put0(item, Blocking.FOREVER, "put");
    }

    @Override
    public void put(E item, Duration timeout) {
        put0(item, Locks.nanos(timeout), "put");
    }

    @Override
    public void putNowait(E item) {
        put0(item, 0, "putNowait");
    }

    void put0(E item, long timeoutNanos, String what) {
        checkOpen(what);
        boolean raw = item instanceof byte[];
        byte[] data = raw ? (byte[]) item : Serializers.get().encode(item);
        beforePut();
        boolean done = false;
        try {
            if (ring.maxsize() == 0) {
                feeder().put(data, raw, timeoutNanos);
                done = true;
                return;
            }
            if (!ring.put(ring.frameOf(data, raw), timeoutNanos)) {
                throw new QueueFullException("queue is full (maxsize=" + ring.maxsize() + ")"
                        + (timeoutNanos > 0 ? " after waiting " + Duration.ofNanos(timeoutNanos) : ""));
            }
            done = true;
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for room in a Queue", e);
        } finally {
            if (!done) {
                afterFailedPut();
            }
        }
    }

    /** Called before an item becomes visible (a JoinableQueue counts it). */
    void beforePut() {}

    /** Undoes {@link #beforePut()} for an item that was not put. */
    void afterFailedPut() {}

    private synchronized Feeder feeder() {
        if (feeder == null) {
            feeder = new Feeder(ring);
            if (joinCancelled) {
                feeder.cancel();
            }
        }
        return feeder;
    }

    // ---- getting ----

    @Override
    public E get() {
        return get0(Blocking.FOREVER, "get");
    }

    @Override
    public E get(Duration timeout) {
        return get0(Locks.nanos(timeout), "get");
    }

    @Override
    public E getNowait() {
        return get0(0, "getNowait");
    }

    private E get0(long timeoutNanos, String what) {
        checkOpen(what);
        QueueRing.Frame item;
        try {
            item = ring.take(timeoutNanos);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for an item of a Queue", e);
        }
        if (item == null) {
            throw new QueueEmptyException(timeoutNanos > 0
                    ? "no item arrived within " + Duration.ofNanos(timeoutNanos) : "queue is empty");
        }
        return decode(item);
    }

    /** The item of a frame taken off a ring: a {@code byte[]} item as is, anything else decoded. */
    @SuppressWarnings("unchecked")
    static <E> E decode(QueueRing.Frame item) {
        return (E) (item.rawBytes() ? item.payload() : Serializers.get().decode(item.payload()));
    }

    // ---- state ----

    @Override
    public int qsize() {
        return ring.sizeWithHeld();
    }

    @Override
    public boolean empty() {
        return ring.size() <= 0;
    }

    @Override
    public boolean full() {
        return ring.isFull();
    }

    /** The most items this queue holds; 0 when unbounded. */
    public int maxsize() {
        return ring.maxsize();
    }

    // ---- lifecycle ----

    @Override
    public void close() {
        Feeder f;
        synchronized (this) {
            closed = true;
            f = feeder;
        }
        if (f != null) {
            f.close();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@link #close()} has not been called in this process
     * @throws InterruptedWaitException if interrupted while waiting
     */
    @Override
    public void joinThread() {
        Feeder f;
        synchronized (this) {
            if (!closed) {
                throw new IllegalStateException("joinThread() needs close() first: the queue is open in this process");
            }
            f = feeder;
        }
        if (f != null) {
            try {
                f.join();
            } catch (InterruptedException e) {
                throw InterruptedWaitException.of("waiting for a Queue's feeder thread", e);
            }
        }
    }

    @Override
    public void cancelJoinThread() {
        Feeder f;
        synchronized (this) {
            joinCancelled = true;
            f = feeder;
        }
        if (f != null) {
            f.cancel();
        }
    }

    void checkOpen(String what) {
        checkOpen(closed, what);
    }

    /** The state check every queue kind makes before an operation of this process. */
    static void checkOpen(boolean closed, String what) {
        if (closed) {
            throw new IllegalStateException("cannot " + what + ": this process closed the queue");
        }
    }

    /** For {@link Multiprocessing#wait}: ready while an item is there. */
    public Readiness readiness() {
        checkOpen("wait on it");
        return ring.readiness();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().replace("Shared", "") + "[" + segment.name() + ", qsize=" + qsize()
                + (ring.maxsize() > 0 ? ", maxsize=" + ring.maxsize() : "") + (closed ? ", closed" : "") + "]";
    }
}
