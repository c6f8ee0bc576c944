package org.multiprocessing4j.redis.internal;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * What a Redis object becomes when it is serialised to go to another process (a child, a pool
 * task, an agent's process, a message): its session's name, its kind, its name in the session
 * and the settings its handle enforces. No secret and no connection travels: the receiving JVM
 * rebuilds an equivalent object over {@link Sessions#forHandle its own session} of that name.
 *
 * @param params per kind: queue {maxsize, joinable}; semaphore {value, bound, lock};
 *               barrier {parties, action, timeout}; condition {lock};
 *               value/array {lock, element type (null: an object value), length};
 *               pipe end {read direction or null, write direction or null}
 */
public record RedisHandle(String session, Kind kind, String name, Object[] params) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The kinds of objects that travel. */
    public enum Kind { QUEUE, SEMAPHORE, EVENT, RLOCK, CONDITION, BARRIER, DICT, LIST, NAMESPACE, VALUE, ARRAY }

    /** The handle of an object named {@code name} of {@code session}. */
    public static RedisHandle of(Session session, Kind kind, String name, Object... params) {
        return new RedisHandle(session.options().session(), kind, name, params);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        Session s = Sessions.forHandle(session);
        return switch (kind) {
            case QUEUE -> new RedisQueue<>(s, name, (Integer) params[0], (Boolean) params[1]);
            case SEMAPHORE -> new RedisSemaphore(s, name, (Integer) params[0], (Integer) params[1], (Boolean) params[2]);
            case EVENT -> new RedisEvent(s, name);
            case RLOCK -> new RedisRLock(s, name);
            case CONDITION -> new RedisCondition(s, name, (java.util.concurrent.locks.Lock) params[0]);
            case BARRIER -> new RedisBarrier(s, name, (Integer) params[0],
                    (org.multiprocessing4j.SerializableRunnable) params[1], (Duration) params[2]);
            case DICT -> new RedisDict<>(s, name);
            case LIST -> new RedisList<>(s, name);
            case NAMESPACE -> new RedisNamespace(s, name);
            case VALUE, ARRAY -> RedisValues.resolve(s, kind, name, params);
        };
    }
}
