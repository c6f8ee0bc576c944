package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.IntValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of the {@code Value} family, on every implementation. */
public abstract class ValueContract extends ContractBase {

    @Test
    void getSetAndAtomics() {
        IntValue v = backend.intValue(5);
        assertEquals(5, v.get());
        v.set(7);
        assertEquals(8, v.incrementAndGet());
        assertEquals(10, v.addAndGet(2));
        assertFalse(v.compareAndSet(9, 0));
        assertTrue(v.compareAndSet(10, -1));
        assertEquals(-1, v.get());
        assertEquals(Integer.MIN_VALUE, backend.intValue(Integer.MAX_VALUE).incrementAndGet(), "wraps like Java arithmetic");
    }

    @Test
    void atomicIncrementsFromTwoProcessesAreExact() {
        IntValue v = backend.intValue(0);
        var here = onThread(() -> {
            for (int i = 0; i < 500; i++) {
                v.incrementAndGet();
            }
            return null;
        });
        inChild(() -> {
            for (int i = 0; i < 500; i++) {
                v.incrementAndGet();
            }
        });
        await(here);
        assertEquals(1000, v.get());
    }

    @Test
    void aChildSeesAndChangesTheValue() {
        DoubleValue d = backend.doubleValue(0.5);
        inChild(() -> {
            check(d.get() == 0.5, "the child read " + d.get());
            d.set(3.1415927);
        });
        assertEquals(3.1415927, d.get());
    }
}
