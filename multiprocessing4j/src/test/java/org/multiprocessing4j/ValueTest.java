package org.multiprocessing4j;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Value} kinds, their lock and their atomics, across processes. */
class ValueTest extends SharedTestBase {

    @Test
    void everyKindKeepsItsValue() {
        assertEquals(-7, Value.ofInt(-7).get());
        assertEquals(Long.MIN_VALUE, Value.ofLong(Long.MIN_VALUE).get());
        assertEquals(2.5, Value.ofDouble(2.5).get());
        assertEquals(-1.25f, Value.ofFloat(-1.25f).get());
        assertEquals((short) -300, Value.ofShort((short) -300).get());
        assertEquals((byte) -3, Value.ofByte((byte) -3).get());
        assertEquals('é', Value.ofChar('é').get());
        assertTrue(Value.ofBoolean(true).get());
        var v = Value.ofBoolean(true, false);
        v.set(false);
        assertFalse(v.get());
        assertNull(v.getLock());
        assertNotNull(Value.ofInt(0).getLock(), "a lock by default, as CPython");
        var shared = Multiprocessing.rLock();
        assertSame(shared, Value.ofLong(1, shared).getLock());
        assertSame(shared, SharedArray.ofDoubles(2, shared).getLock());
    }

    @Test
    void atomicsOfTheIntegerKinds() {
        var i = Value.ofInt(1, false);
        assertEquals(2, i.incrementAndGet());
        assertEquals(-3, i.addAndGet(-5));
        assertTrue(i.compareAndSet(-3, 9));
        assertFalse(i.compareAndSet(-3, 10));
        var s = Value.ofShort(Short.MAX_VALUE, false);
        assertEquals(Short.MIN_VALUE, s.incrementAndGet(), "wraps like Java arithmetic");
        var b = Value.ofByte((byte) 5, false);
        assertTrue(b.compareAndSet((byte) 5, (byte) -1));
        assertEquals((byte) -1, b.get());
        var l = Value.ofLong(10, false);
        assertEquals(15, l.addAndGet(5));
    }

    @Test
    void aChildChangesTheValueTheParentReads() {
        var d = Value.ofDouble(1.5);
        var c = Value.ofChar('a');
        var p = start(() -> {
            d.set(d.get() * 2);
            c.set('z');
        });
        joinOk(p);
        assertEquals(3.0, d.get());
        assertEquals('z', c.get());
    }

    @Test
    void aGrandchildReachesTheSameMemoryThroughItsParent() {
        var v = Value.ofInt(1);
        var p = start(() -> {
            var grandchild = new Process(() -> {
                v.getLock().acquire();
                v.set(v.get() * 10);
                v.getLock().release();
            });
            grandchild.start();
            grandchild.join();
            if (grandchild.exitCode() != 0) {
                throw new AssertionError("grandchild exit code " + grandchild.exitCode());
            }
            v.addAndGet(5);
        });
        joinOk(p);
        assertEquals(15, v.get());
    }

    @Test
    void lockedAndLockFreeIncrementsFromTwoProcessesAreExact() {
        var locked = Value.ofLong(0);
        var atomic = Value.ofInt(0, false);
        var children = new ArrayList<Process>();
        for (int i = 0; i < 2; i++) {
            children.add(start(() -> {
                for (int n = 0; n < 50_000; n++) {
                    var lock = locked.getLock();
                    lock.acquire();
                    try {
                        locked.set(locked.get() + 1);
                    } finally {
                        lock.release();
                    }
                    atomic.incrementAndGet();
                }
            }));
        }
        children.forEach(SharedTestBase::joinOk);
        assertEquals(100_000, locked.get());
        assertEquals(100_000, atomic.get());
    }

    @Test
    void aValueResolvesToOneObjectPerProcessWithItsLock() throws Exception {
        var v = Value.ofInt(4);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            var back = (IntValue) in.readObject();
            assertSame(v, back, "the creating process resolves the handle to the same object");
            assertSame(v.getLock(), back.getLock());
        }
    }
}
