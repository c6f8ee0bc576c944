package org.multiprocessing4j.redis;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.BooleanValue;
import org.multiprocessing4j.ByteValue;
import org.multiprocessing4j.CharValue;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.FloatValue;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.ObjectValue;
import org.multiprocessing4j.ShortValue;
import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.ValueContract;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueOnRedisTest extends ValueContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }

    /** The element types the contract does not cover (it has int and double), here and in one child. */
    @Test
    void everyTypeOfValueWorksHereAndInAChild() {
        RedisContext ctx = ((RedisBackend) backend).ctx();
        LongValue l = ctx.longValue(Long.MAX_VALUE - 1, true);
        assertEquals(Long.MAX_VALUE, l.incrementAndGet());
        assertEquals(Long.MIN_VALUE, l.incrementAndGet(), "wraps like Java arithmetic");
        assertEquals(Long.MIN_VALUE + 5, l.addAndGet(5));
        assertFalse(l.compareAndSet(0, 1));
        assertTrue(l.compareAndSet(Long.MIN_VALUE + 5, (1L << 60) + 1), "exact beyond a double's 53 bits");
        assertEquals((1L << 60) + 2, l.incrementAndGet());
        ShortValue sh = ctx.shortValue(Short.MAX_VALUE, false);
        assertEquals(Short.MIN_VALUE, sh.incrementAndGet());
        assertEquals((short) (Short.MIN_VALUE + 10), sh.addAndGet((short) 10));
        assertTrue(sh.compareAndSet((short) (Short.MIN_VALUE + 10), (short) 7));
        ByteValue b = ctx.byteValue((byte) 127, false);
        assertEquals((byte) -128, b.incrementAndGet());
        assertEquals((byte) 126, b.addAndGet((byte) -2));
        assertFalse(b.compareAndSet((byte) 0, (byte) 1));
        CharValue c = ctx.charValue('\u00e9', false);
        assertEquals('\u00e9', c.get());
        c.set('\uffff');
        assertEquals('\uffff', c.get());
        BooleanValue z = ctx.booleanValue(true, false);
        assertTrue(z.get());
        FloatValue f = ctx.floatValue(0.1f, false);
        assertEquals(0.1f, f.get());
        f.set(Float.MIN_VALUE);
        assertEquals(Float.MIN_VALUE, f.get(), "exact");
        DoubleValue d = ctx.doubleValue(Double.MAX_VALUE, false);
        assertEquals(Double.MAX_VALUE, d.get());
        ObjectValue<List<String>> o = ctx.objectValue(List.of("a"), true);
        assertEquals(List.of("a"), o.getAndUpdate(x -> {
            var more = new ArrayList<>(x);
            more.add("b");
            return more;
        }));
        assertEquals(List.of("a", "b"), o.get());
        assertNotNull(l.getLock());
        assertNotNull(o.getLock());
        assertNull(sh.getLock(), "made without a lock");

        long big = (1L << 60) + 2;
        inChild(() -> { // each travels as a handle and attaches to the same key
            String seen = l.get() + " " + sh.get() + " " + b.get() + " " + (int) c.get() + " " + z.get() + " " + f.get() + " "
                    + d.get() + " " + o.get();
            String expected = big + " 7 126 65535 true " + Float.MIN_VALUE + " " + Double.MAX_VALUE + " [a, b]";
            if (!seen.equals(expected)) {
                throw new AssertionError("the child read " + seen + ", not " + expected);
            }
            l.set(-7);
            sh.set((short) -3);
            b.set((byte) 9);
            c.set('z');
            z.set(false);
            f.set(2.5f);
            d.set(-0.0);
            o.set(List.of("from the child"));
        });
        assertEquals(-7, l.get());
        assertEquals((short) -3, sh.get());
        assertEquals((byte) 9, b.get());
        assertEquals('z', c.get());
        assertFalse(z.get());
        assertEquals(2.5f, f.get());
        assertEquals(-0.0, d.get(), "negative zero kept");
        assertEquals(List.of("from the child"), o.get());
    }
}
