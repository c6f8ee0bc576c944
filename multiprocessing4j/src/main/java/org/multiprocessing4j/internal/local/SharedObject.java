package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.shm.SessionSegments;

import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The base of every object that lives in a segment of the session (locks, values, arrays,
 * queues...).
 * It travels to another process as a {@link Ref} (segment name, kind, and the few process-local
 * parts such as a condition's lock or a barrier's action), which re-attaches the same memory
 * there; each process resolves a segment to one object, so identity holds within a process.
 *
 * <p>Lifetime: a process's mapping of a segment goes with the garbage collector once nothing in
 * the process refers to it. The segment's file goes when the creating process's object becomes
 * unreachable if no reference to it was ever serialised (no other process can know it);
 * otherwise it stays until the session ends, since a reference may still be on its way to a
 * process that has not attached it yet.
 */
public abstract sealed class SharedObject implements Serializable
        permits MutexLock, SharedSemaphore, SharedCondition, SharedEvent, SharedBarrier, SharedValue, SharedArrayBase, SharedQueue, SharedSimpleQueue {

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

    /** Segment name → the object of this process over it, while it is reachable. */
    private static final ConcurrentHashMap<String, WeakReference<SharedObject>> RESOLVED = new ConcurrentHashMap<>();

    /** Forgets unreachable objects, and removes the files of those that never left their creating process. */
    private static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon().name("mp4j-shared-cleaner").unstarted(r));

    final transient Segment segment;

    /** Set once a reference to this object has been serialised (it may be in another process). */
    private final transient AtomicBoolean sent;

    SharedObject(Segment segment) {
        this.segment = segment;
        this.sent = new AtomicBoolean(!segment.createdHere());
        RESOLVED.putIfAbsent(segment.name(), new WeakReference<>(this));
        var name = segment.name();
        var file = segment.path();
        boolean created = segment.createdHere();
        var flag = sent;
        CLEANER.register(this, () -> {
            RESOLVED.computeIfPresent(name, (n, ref) -> ref.get() == null ? null : ref);
            SessionSegments.released(file, created && !flag.get());
        });
    }

    private static SharedObject known(String segment) {
        WeakReference<SharedObject> ref = RESOLVED.get(segment);
        return ref != null ? ref.get() : null;
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
        sent.set(true);
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
            SharedObject known = known(segment);
            if (known != null) {
                return known;
            }
            synchronized (RESOLVED) {
                known = known(segment);
                if (known != null) {
                    return known;
                }
                Segment s = SessionSegments.attach(segment);
                if (s.kind() != kind) {
                    throw new java.io.InvalidObjectException("segment " + segment + " holds kind " + s.kind() + ", the reference says " + kind);
                }
                SharedObject o = switch (kind) {
                    case LOCK -> new SharedLock(s);
                    case RLOCK -> new SharedRLock(s);
                    case SEMAPHORE -> new SharedSemaphore(s);
                    case BOUNDED_SEMAPHORE -> new SharedBoundedSemaphore(s);
                    case CONDITION -> new SharedCondition(s, (SharedCondition.Parts) extra);
                    case EVENT -> new SharedEvent(s);
                    case BARRIER -> new SharedBarrier(s, (SharedBarrier.Parts) extra);
                    case VALUE -> SharedValue.attach(s, (SharedRLock) extra);
                    case ARRAY -> SharedArrayBase.attach(s, (SharedRLock) extra);
                    case QUEUE -> new SharedQueue<>(s);
                    case JOINABLE_QUEUE -> new SharedJoinableQueue<>(s);
                    case SIMPLE_QUEUE -> new SharedSimpleQueue<>(s);
                    default -> throw new java.io.InvalidObjectException("unknown shared object kind " + kind + " in segment " + segment);
                };
                RESOLVED.put(segment, new WeakReference<>(o));
                return o;
            }
        }
    }
}
