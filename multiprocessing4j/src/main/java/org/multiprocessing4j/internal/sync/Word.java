package org.multiprocessing4j.internal.sync;

import org.multiprocessing4j.internal.os.Futex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A futex word and the count of those asleep on it, at {@code base} and {@code base + 4} of a
 * shared segment. Wakers change the word with a full fence and only then read the sleeper
 * count; sleepers raise the count and only then re-read the word: whichever comes second sees
 * the other, so a wake is never lost and never issued when nobody sleeps (a needless futex wake
 * costs ~0.5 µs).
 */
public final class Word {

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** Longest single sleep: interrupts and owner liveness are checked between slices. */
    static final long SLICE_NANOS = 50_000_000L;

    final MemorySegment segment;
    final long offset;
    private final long sleepersOffset;
    private final long address;

    public Word(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        this.sleepersOffset = offset + 4;
        this.address = segment.address() + offset;
    }

    public int get() {
        return (int) INT.getVolatile(segment, offset);
    }

    public void set(int value) {
        INT.setVolatile(segment, offset, value);
    }

    public int getAndSet(int value) {
        return (int) INT.getAndSet(segment, offset, value);
    }

    public boolean compareAndSet(int expected, int value) {
        return INT.compareAndSet(segment, offset, expected, value);
    }

    public int getAndAdd(int delta) {
        return (int) INT.getAndAdd(segment, offset, delta);
    }

    /** How many are asleep (or about to sleep) on the word. */
    public int sleepers() {
        return (int) INT.getVolatile(segment, sleepersOffset);
    }

    /** Wakes up to {@code n} sleepers, only if there are any. Call after changing the word. */
    public void wake(int n) {
        if ((int) INT.getVolatile(segment, sleepersOffset) > 0) {
            Futex.wake(address, n);
        }
    }

    /** Sleeps at most one slice (and at most {@code maxNanos}) while the word holds {@code observed}. */
    void sleep(int observed, long maxNanos, int round) {
        INT.getAndAdd(segment, sleepersOffset, 1);
        try {
            if (get() == observed) {
                Futex.await(address, observed, Math.min(maxNanos, SLICE_NANOS), round);
            }
        } finally {
            INT.getAndAdd(segment, sleepersOffset, -1);
        }
    }
}
