package org.multiprocessing4j.redis.internal;

import org.redisson.api.RMap;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * A manager-style dict in a Redis hash ({@code mp4j:<session>:d:<name>}), as a
 * {@link ConcurrentMap}: each method is one atomic server operation (the conditional ones,
 * {@code putIfAbsent}, {@code replace}, {@code remove(k, v)}, compare encodings in a script).
 *
 * <p>Keys are compared by their encoding, so use keys whose encoding is canonical: strings,
 * boxed primitives, and records or lists of them. Values are copies (as with a manager's proxy).
 * Iteration and {@code size} are snapshots. Thread-safe; programs of the same session share the
 * dict of the same name.
 */
public final class RedisDict<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, java.io.Serializable {

    private final Session session;
    private final RMap<byte[], byte[]> map;
    private final String name;
    private final boolean nullValues;

    public RedisDict(Session session, String name) {
        this(session, name, false);
    }

    /** @param nullValues whether null values are stored (a namespace's attributes), against ConcurrentMap's rule */
    RedisDict(Session session, String name, boolean nullValues) {
        this.session = session;
        this.nullValues = nullValues;
        this.name = name;
        this.map = session.link().client().getMap(session.key("d:" + name));
    }

    public String key() {
        return map.getName();
    }

    private byte[] enc(Object o) {
        return session.codec().encode(o);
    }

    @SuppressWarnings("unchecked")
    private <T> T dec(byte[] b) {
        return b == null ? null : (T) session.codec().decode(b);
    }

    @Override
    public V get(Object key) {
        session.check();
        return dec(session.link().await(map.getAsync(enc(key)), "HGET"));
    }

    @Override
    public boolean containsKey(Object key) {
        session.check();
        return session.link().await(map.containsKeyAsync(enc(key)), "HEXISTS");
    }

    @Override
    public V put(K key, V value) {
        session.check();
        return dec(session.link().await(map.putAsync(enc(key), enc(nullValues ? value : Objects.requireNonNull(value, "value"))),
                "put"));
    }

    @Override
    public V remove(Object key) {
        session.check();
        return dec(session.link().await(map.removeAsync(enc(key)), "remove"));
    }

    @Override
    public int size() {
        session.check();
        return session.link().await(map.sizeAsync(), "HLEN");
    }

    @Override
    public void clear() {
        session.check();
        session.link().await(map.deleteAsync(), "DEL");
    }

    @Override
    public V putIfAbsent(K key, V value) {
        session.check();
        return dec(session.link().await(map.putIfAbsentAsync(enc(key), enc(Objects.requireNonNull(value, "value"))), "putIfAbsent"));
    }

    @Override
    public boolean remove(Object key, Object value) {
        session.check();
        return session.link().await(map.removeAsync(enc(key), enc(value)), "remove");
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        session.check();
        return session.link().await(map.replaceAsync(enc(key), enc(oldValue), enc(Objects.requireNonNull(newValue, "newValue"))),
                "replace");
    }

    @Override
    public V replace(K key, V value) {
        session.check();
        return dec(session.link().await(map.replaceAsync(enc(key), enc(Objects.requireNonNull(value, "value"))), "replace"));
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                session.check();
                var all = session.link().await(map.readAllEntrySetAsync(), "HGETALL").iterator();
                return new Iterator<>() {
                    private byte[] last;

                    @Override
                    public boolean hasNext() {
                        return all.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        var e = all.next();
                        last = e.getKey();
                        return new SimpleImmutableEntry<>(dec(e.getKey()), dec(e.getValue()));
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() was not called");
                        }
                        session.link().await(map.fastRemoveAsync(last), "HDEL");
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return RedisDict.this.size();
            }
        };
    }

    @Override
    public String toString() {
        return "RedisDict[" + name + "]" + (session.isOpen() ? super.toString() : "");
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.DICT, name);
    }
}
