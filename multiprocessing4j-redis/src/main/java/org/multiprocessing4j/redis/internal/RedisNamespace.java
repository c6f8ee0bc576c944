package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.managers.Namespace;

import java.util.Objects;

/**
 * A manager-style namespace in a Redis hash ({@code mp4j:<session>:d:ns:<name>}): attributes
 * by name, each read or write one server operation. Thread-safe.
 */
public final class RedisNamespace implements Namespace, java.io.Serializable {

    private final Session session;
    private final String name;
    private final RedisDict<String, Object> attributes;

    public RedisNamespace(Session session, String name) {
        this.session = session;
        this.name = name;
        this.attributes = new RedisDict<>(session, "ns:" + name, true);
    }

    public String key() {
        return attributes.key();
    }

    @Override
    public Object get(String name) {
        Objects.requireNonNull(name, "name");
        Object v = attributes.get(name);
        if (v == null && !attributes.containsKey(name)) {
            throw new java.util.NoSuchElementException("namespace has no attribute '" + name + "'");
        }
        return v;
    }

    @Override
    public void set(String name, Object value) {
        attributes.put(Objects.requireNonNull(name, "name"), value);
    }

    @Override
    public boolean has(String name) {
        return attributes.containsKey(Objects.requireNonNull(name, "name"));
    }

    @Override
    public void delete(String name) {
        if (!has(name)) {
            throw new java.util.NoSuchElementException("namespace has no attribute '" + name + "'");
        }
        attributes.remove(name);
    }

    /** Travels as a {@link RedisHandle}: the receiving process attaches to the same keys over its own session. */
    @java.io.Serial
    private Object writeReplace() {
        return RedisHandle.of(session, RedisHandle.Kind.NAMESPACE, name);
    }
}
