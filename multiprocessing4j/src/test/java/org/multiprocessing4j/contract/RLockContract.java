package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.RLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link RLock}, on every implementation. */
public abstract class RLockContract extends ContractBase {

    @Test
    void reentrantForItsOwnerOnly() {
        RLock lock = backend.rLock();
        lock.acquire();
        assertTrue(lock.acquire(false), "the owner may acquire again");
        assertTrue(lock.acquire(SHORT));
        assertEquals(3, lock.getHoldCount());
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(await(onThread(() -> lock.acquire(false))), "another thread acquired a held RLock");
        assertFalse(await(onThread(lock::isHeldByCurrentThread)));
        lock.release();
        lock.release();
        lock.release();
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals(0, lock.getHoldCount());
        assertThrows(IllegalMonitorStateException.class, lock::release, "release by a thread that does not hold it");
    }

    @Test
    void onlyTheOwnerMayRelease() {
        RLock lock = backend.rLock();
        lock.acquire();
        try {
            var e = await(onThread(() -> {
                try {
                    lock.release();
                    return null;
                } catch (IllegalMonitorStateException expected) {
                    return expected;
                }
            }));
            assertTrue(e instanceof IllegalMonitorStateException, "a non-owner released: " + e);
            assertTrue(lock.isHeldByCurrentThread());
        } finally {
            lock.release();
        }
    }

    @Test
    void anotherProcessWaitsForTheOwner() {
        RLock lock = backend.rLock();
        lock.acquire();
        inChild(() -> check(!lock.acquire(false), "the child acquired an RLock held by the parent"));
        lock.release();
        inChild(() -> {
            check(lock.acquire(LIMIT), "the child could not acquire a free RLock");
            check(lock.getHoldCount() == 1, "hold count in the child");
            lock.release();
        });
    }
}
