package org.multiprocessing4j.redis.internal;

import org.redisson.api.RList;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A manager-style list in a Redis list ({@code mp4j:<session>:l:<name>}): each method is one
 * server operation on the shared list; elements are copies. Iteration reads by index, so it
 * sees other programs' changes as they happen (as a manager's list proxy does). Thread-safe.
 */
public final class RedisList<E> extends AbstractList<E> implements RandomAccess, java.io.Serializable {

    private final Session session;
    private final RList<byte[]> list;
    private final String name;

    public RedisList(Session session, String name) {
        this.session = session;
        this.name = name;
        this.list = session.link().client().getList(session.key("l:" + name));
    }

    public String key() {
        return list.getName();
    }

    @SuppressWarnings("unchecked")
    private E dec(byte[] b) {
        return b == null ? null : (E) session.codec().decode(b);
    }

    private void checkIndex(int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index must be in [0, " + size + "): index=" + index + " (list '" + name + "')");
        }
    }

    @Override
    public E get(int index) {
        session.check();
        if (index < 0) {
            throw new IndexOutOfBoundsException("index must be >= 0: index=" + index + " (list '" + name + "')");
        }
        byte[] b = session.link().await(list.getAsync(index), "LINDEX");
        if (b == null) {
            checkIndex(index, size());
        }
        return dec(b);
    }

    @Override
    public int size() {
        session.check();
        return session.link().await(list.sizeAsync(), "LLEN");
    }

    @Override
    public boolean add(E e) {
        session.check();
        return session.link().await(list.addAsync(session.codec().encode(e)), "RPUSH");
    }

    @Override
    public void add(int index, E element) {
        session.check();
        int size = size();
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("index must be in [0, " + size + "]: index=" + index + " (list '" + name + "')");
        }
        session.link().await(list.addAsync(index, session.codec().encode(element)), "insert");
    }

    @Override
    public E set(int index, E element) {
        session.check();
        checkIndex(index, size());
        return dec(session.link().await(list.setAsync(index, session.codec().encode(element)), "LSET"));
    }

    @Override
    public E remove(int index) {
        session.check();
        checkIndex(index, size());
        return dec(session.link().await(list.removeAsync(index), "remove"));
    }

    @Override
    public void clear() {
        session.check();
        session.link().await(list.deleteAsync(), "DEL");
    }

    @Override
    public String toString() {
        return "RedisList[" + name + "]" + super.toString();
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.LIST, name);
    }
}
