package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BrokenBarrierException;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Barrier}, on every implementation. */
public abstract class BarrierContract extends ContractBase {

    @Test
    void partiesGetDistinctIndicesAcrossProcesses() {
        Barrier b = backend.barrier(3);
        assertEquals(3, b.parties());
        var one = onThread(() -> b.await(LIMIT));
        var two = onThread(() -> b.await(LIMIT));
        inChild(() -> {
            int i = b.await(LIMIT);
            check(i >= 0 && i < 3, "index " + i);
        });
        int x = await(one);
        int y = await(two);
        assertTrue(x != y && Set.of(0, 1, 2).containsAll(Set.of(x, y)), "indices " + x + ", " + y);
        assertFalse(b.isBroken());
        assertEquals(0, b.nWaiting());
    }

    @Test
    void aTimeoutBreaksItUntilReset() {
        Barrier b = backend.barrier(2);
        assertThrows(BrokenBarrierException.class, () -> b.await(SHORT));
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, () -> b.await(SHORT), "a broken barrier stays broken");
        b.reset();
        assertFalse(b.isBroken());
        var other = onThread(() -> b.await(LIMIT));
        b.await(LIMIT);
        await(other);
    }

    @Test
    void abortBreaksItForEveryone() {
        Barrier b = backend.barrier(2);
        b.abort();
        assertTrue(b.isBroken());
        inChild(() -> {
            try {
                b.await(LIMIT);
                check(false, "await passed an aborted barrier");
            } catch (BrokenBarrierException expected) {
                check(b.isBroken(), "not broken in the child");
            }
        });
        b.reset();
        assertFalse(b.isBroken());
    }
}
