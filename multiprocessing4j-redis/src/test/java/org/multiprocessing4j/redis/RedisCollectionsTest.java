package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dict, list and namespace on a real redis-server, shared by name between two contexts. */
class RedisCollectionsTest extends TwoContexts {

    @Override
    String session() {
        return "collections";
    }

    @Test
    void dictIsAConcurrentMapSharedByName() {
        ConcurrentMap<String, Integer> d = a.dict("counts");
        ConcurrentMap<String, Integer> same = b.dict("counts");
        assertNull(d.put("x", 1));
        assertEquals(1, same.get("x"));
        assertEquals(1, same.put("x", 2));
        assertNull(d.putIfAbsent("y", 5));
        assertEquals(5, d.putIfAbsent("y", 6));
        assertTrue(same.replace("y", 5, 7));
        assertFalse(same.replace("y", 5, 8));
        assertFalse(d.remove("y", 5));
        assertEquals(Map.of("x", 2, "y", 7), Map.copyOf(same));
        assertTrue(d.remove("y", 7));
        assertEquals(1, d.size());
        var it = d.entrySet().iterator();
        it.next();
        it.remove();
        assertTrue(same.isEmpty());
        assertThrows(NullPointerException.class, () -> d.put("z", null));
    }

    @Test
    void listIsAListSharedByName() {
        List<Object> l = a.list("items");
        List<Object> same = b.list("items");
        l.add("a");
        l.add(2);
        same.add(1, "between");
        assertEquals(List.of("a", "between", 2), List.copyOf(l));
        assertEquals("between", l.set(1, "b"));
        assertEquals("b", same.remove(1));
        assertEquals(2, same.size());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> l.get(5));
        assertTrue(e.getMessage().contains("index=5"), e.getMessage());
        l.clear();
        assertTrue(same.isEmpty());
    }

    @Test
    void namespaceHoldsAttributes() {
        var ns = a.namespace("config");
        ns.set("rate", 0.5);
        ns.set("none", null);
        var same = b.namespace("config");
        assertEquals(0.5, same.get("rate"));
        assertTrue(same.has("none"));
        assertNull(same.get("none"));
        same.delete("none");
        assertFalse(ns.has("none"));
        assertThrows(NoSuchElementException.class, () -> ns.get("missing"));
        assertThrows(NoSuchElementException.class, () -> ns.delete("missing"));
    }

    @Test
    void namesAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> a.queue("has space"));
        assertTrue(e.getMessage().contains("name=\"has space\""), e.getMessage());
    }
}
