package org.multiprocessing4j.internal.ring;

import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ready.WaitSet;
import org.multiprocessing4j.internal.sync.Blocking;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Readiness of a queue for {@code Multiprocessing.wait}: ready while it holds an item (or, for
 * the ring of a pipe, once its stream has ended). A ring
 * has no file descriptor to hand to a selector, so a watcher thread (one per queue object per
 * process, started on demand, ending after a second without waiters) sleeps on the queue's
 * not-empty word and wakes the registered {@link WaitSet}s when the put sequence moves past what
 * each set saw when it registered.
 */
public final class RingReadiness implements Readiness {

    private static final long SLICE_NANOS = 50_000_000L;
    private static final long IDLE_NANOS = 1_000_000_000L;

    private final QueueRing ring;
    /** Whether the ring's stream has ended (a pipe's writers have all gone); called often, so cheap. */
    private final BooleanSupplier ended;
    /** Set → the put sequence when it (re-)registered. */
    private final Map<WaitSet, Integer> sets = new ConcurrentHashMap<>();
    private boolean watching; // guarded by this

    public RingReadiness(QueueRing ring) {
        this(ring, () -> false);
    }

    /** For a ring that is also ready once {@code ended} says its stream has ended. */
    public RingReadiness(QueueRing ring, BooleanSupplier ended) {
        this.ring = ring;
        this.ended = ended;
    }

    @Override
    public boolean isReady() {
        return ring.size() > 0 || ended.getAsBoolean();
    }

    @Override
    public void watch(WaitSet set) {
        sets.put(set, ring.putSequence());
        synchronized (this) {
            if (!watching) {
                watching = true;
                Thread.ofPlatform().daemon().name("mp4j-queue-watch").start(this::watchLoop);
            }
        }
    }

    /*
     * A set is woken once the put sequence differs from the one it registered with: an item
     * was put since its owner last checked. The waiter registers again before every sleep, with
     * the then current sequence, so an item that stays in the queue does not wake it again and
     * again (a wait for all objects may keep sleeping on the others).
     */
    private void watchLoop() {
        long idleSince = System.nanoTime();
        while (true) {
            int now = ring.putSequence();
            boolean end = ended.getAsBoolean();
            sets.entrySet().removeIf(e -> {
                if (e.getKey().isClosed()) {
                    return true;
                }
                if (e.getValue() != now || end) {
                    e.getKey().wakeup();
                    return true;
                }
                return false;
            });
            if (sets.isEmpty()) {
                synchronized (this) {
                    if (sets.isEmpty() && System.nanoTime() - idleSince > IDLE_NANOS) {
                        watching = false;
                        return;
                    }
                }
            } else {
                idleSince = System.nanoTime();
            }
            try {
                if (Blocking.await(ring.notEmpty(), () -> ring.putSequence() != now || (!end && ended.getAsBoolean()), SLICE_NANOS)
                        && ring.size() > 0) {
                    // A put's single wake-up may have gone to this watcher instead of a getter.
                    ring.notEmpty().wake(1);
                }
            } catch (InterruptedException e) {
                // nobody interrupts the watcher on purpose
            }
        }
    }
}
