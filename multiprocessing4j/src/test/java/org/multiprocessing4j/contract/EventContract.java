package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link Event}, on every implementation. */
public abstract class EventContract extends ContractBase {

    @Test
    void setClearAndTimedWait() {
        Event e = backend.event();
        assertFalse(e.isSet());
        assertFalse(e.await(SHORT), "a clear event timed out");
        e.set();
        assertTrue(e.isSet());
        assertTrue(e.await(SHORT));
        e.await();
        assertTrue(e.await(null));
        e.clear();
        assertFalse(e.isSet());
    }

    @Test
    void aSetInAnotherProcessWakesEveryWaiter() {
        Event e = backend.event();
        var a = onThread(() -> e.await(LIMIT));
        var b = onThread(() -> e.await(null));
        inChild(e::set);
        assertTrue(await(a));
        assertTrue(await(b));
        inChild(() -> check(e.isSet(), "the child does not see the flag"));
    }
}
