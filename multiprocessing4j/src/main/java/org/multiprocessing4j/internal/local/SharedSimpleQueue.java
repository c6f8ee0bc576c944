package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SimpleQueue;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ring.QueueRing;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.Serial;

/**
 * The shared-memory {@link SimpleQueue}: the same ring as {@link SharedQueue}, unbounded,
 * without a feeder thread: {@code put} encodes in the caller and writes the item before it
 * returns, waiting for room if the ring is full of unread items. After {@link #close()},
 * {@code put} and {@code get} in this process throw {@link IllegalStateException}.
 */
public final class SharedSimpleQueue<E> extends SharedObject implements SimpleQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient QueueRing ring;
    private transient volatile boolean closed;

    SharedSimpleQueue(Segment segment) {
        super(segment);
        this.ring = new QueueRing(segment.body());
    }

    public static <E> SharedSimpleQueue<E> create() {
        return new SharedSimpleQueue<>(SharedQueue.newQueueSegment(SIMPLE_QUEUE, 0));
    }

    @Override
    public void put(E item) {
        SharedQueue.checkOpen(closed, "put");
        boolean raw = item instanceof byte[];
        byte[] data = raw ? (byte[]) item : Serializers.get().encode(item);
        try {
            ring.put(ring.frameOf(data, raw), Blocking.FOREVER);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for room in a SimpleQueue", e);
        }
    }

    @Override
    public E get() {
        SharedQueue.checkOpen(closed, "get");
        try {
            return SharedQueue.decode(ring.take(Blocking.FOREVER));
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for an item of a SimpleQueue", e);
        }
    }

    @Override
    public boolean empty() {
        return ring.size() <= 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** For {@link Multiprocessing#wait}: ready while an item is there. */
    public Readiness readiness() {
        SharedQueue.checkOpen(closed, "wait on it");
        return ring.readiness();
    }

    @Override
    public String toString() {
        return "SimpleQueue[" + segment.name() + ", " + (empty() ? "empty" : "not empty") + (closed ? ", closed" : "") + "]";
    }
}
