package org.multiprocessing4j;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.shm.SessionSegments;

import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base of every object that lives in a segment of the session (locks, values, arrays,
 * queues...).
 * It travels to another process as a {@link Ref} (segment name, kind, and the few process-local
 * parts such as a condition's lock or a barrier's action), which re-attaches the same memory
 * there; each process resolves a segment to one object, so identity holds within a process.
 */
abstract sealed class SharedObject implements Serializable
        permits MutexLock, Semaphore, Condition, Event, Barrier, Value, SharedArray, SharedQueue, SharedSimpleQueue {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int LOCK = 1;
    static final int RLOCK = 2;
    static final int SEMAPHORE = 3;
    static final int BOUNDED_SEMAPHORE = 4;
    static final int CONDITION = 5;
    static final int EVENT = 6;
    static final int BARRIER = 7;
    static final int VALUE = 8;
    static final int ARRAY = 9;
    static final int QUEUE = 10;
    static final int JOINABLE_QUEUE = 11;
    static final int SIMPLE_QUEUE = 12;

    /** Segment name → the object of this process over it. */
    private static final ConcurrentHashMap<String, SharedObject> RESOLVED = new ConcurrentHashMap<>();

    final transient Segment segment;

    SharedObject(Segment segment) {
        this.segment = segment;
        RESOLVED.putIfAbsent(segment.name(), this);
    }

    /** A new segment of {@code kind} with a body of {@code bodySize} zeroed bytes. */
    static Segment newSegment(int kind, long bodySize) {
        return SessionSegments.create(kind, bodySize);
    }

    /** The process-local parts that travel with the reference; null when none. */
    Serializable extra() {
        return null;
    }

    @Serial
    final Object writeReplace() throws ObjectStreamException {
        return new Ref(segment.name(), segment.kind(), extra());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("shared objects travel as references");
    }

    /** The serial form of every shared object. */
    static final class Ref implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String segment;
        private final int kind;
        private final Serializable extra;

        Ref(String segment, int kind, Serializable extra) {
            this.segment = segment;
            this.kind = kind;
            this.extra = extra;
        }

        @Serial
        Object readResolve() throws ObjectStreamException {
            SharedObject known = RESOLVED.get(segment);
            if (known != null) {
                return known;
            }
            synchronized (RESOLVED) {
                known = RESOLVED.get(segment);
                if (known != null) {
                    return known;
                }
                Segment s = SessionSegments.attach(segment);
                if (s.kind() != kind) {
                    throw new java.io.InvalidObjectException("segment " + segment + " holds kind " + s.kind() + ", the reference says " + kind);
                }
                SharedObject o = switch (kind) {
                    case LOCK -> new Lock(s);
                    case RLOCK -> new RLock(s);
                    case SEMAPHORE -> new Semaphore(s);
                    case BOUNDED_SEMAPHORE -> new BoundedSemaphore(s);
                    case CONDITION -> new Condition(s, (Condition.Parts) extra);
                    case EVENT -> new Event(s);
                    case BARRIER -> new Barrier(s, (Barrier.Parts) extra);
                    case VALUE -> Value.attach(s, (RLock) extra);
                    case ARRAY -> SharedArray.attach(s, (RLock) extra);
                    case QUEUE -> new SharedQueue<>(s);
                    case JOINABLE_QUEUE -> new SharedJoinableQueue<>(s);
                    case SIMPLE_QUEUE -> new SharedSimpleQueue<>(s);
                    default -> throw new java.io.InvalidObjectException("unknown shared object kind " + kind + " in segment " + segment);
                };
                RESOLVED.put(segment, o);
                return o;
            }
        }
    }
}
