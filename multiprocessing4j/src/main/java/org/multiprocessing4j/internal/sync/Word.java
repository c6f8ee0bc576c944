package org.multiprocessing4j.internal.sync;

import org.multiprocessing4j.internal.os.Futex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A state word and what it takes to sleep until it changes, at {@code base} of a shared
 * segment (see {@link SyncDescriptor}): the word itself, the count of sleepers, a wake sequence
 * (the futex word) and a wake-pending flag.
 *
 * <p>Protocol. A sleeper reads the sequence, then raises the sleeper count, then re-checks its
 * condition on the state word, and only then waits on the futex for the sequence to move. A
 * waker changes the state word with a full fence, and only if the sleeper count is positive
 * bumps the sequence and calls futex wake. Whichever side comes second sees the other, so a wake
 * is never lost, and no system call is made when nobody sleeps (a needless wake costs ~0.5 µs).
 * Sleeping on a sequence rather than on the state word avoids ABA: a lock word that goes from
 * owner A to free and back to A between a sleeper's check and its futex call would otherwise
 * put it to sleep although it missed a release.
 *
 * <p>{@link #wakeOne()} (used by locks) also sets the wake-pending flag and skips the system
 * call while the flag is set: once a sleeper has been woken, further releases before it runs
 * need not wake anyone, which spares the releasing process a system call per release under
 * contention. Every sleeper clears the flag when its futex wait returns, for whatever reason,
 * so a woken sleeper that died cannot leave it set for longer than one sleep slice.
 */
public final class Word {

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** Longest single sleep: interrupts and owner liveness are checked between slices. */
    static final long SLICE_NANOS = 50_000_000L;

    final MemorySegment segment;
    final long offset;
    private final long sleepersOffset;
    private final long sequenceOffset;
    private final long pendingOffset;
    private final long sequenceAddress;

    /** @param base the offset of a word group laid out as {@link SyncDescriptor}'s first 16 bytes */
    public Word(MemorySegment segment, long base) {
        this.segment = segment;
        this.offset = base + SyncDescriptor.WORD_OFFSET;
        this.sleepersOffset = base + SyncDescriptor.SLEEPERS_OFFSET;
        this.sequenceOffset = base + SyncDescriptor.SEQUENCE_OFFSET;
        this.pendingOffset = base + SyncDescriptor.WAKE_PENDING_OFFSET;
        this.sequenceAddress = segment.address() + sequenceOffset;
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

    /** How many are asleep (or about to sleep). */
    public int sleepers() {
        return (int) INT.getVolatile(segment, sleepersOffset);
    }

    /** Wakes up to {@code n} sleepers if there are any. Call after changing the state word. */
    public void wake(int n) {
        if ((int) INT.getVolatile(segment, sleepersOffset) > 0) {
            INT.getAndAdd(segment, sequenceOffset, 1);
            Futex.wake(sequenceAddress, n);
        }
    }

    /** Wakes one sleeper if there is one and none has been woken and not yet run. */
    public void wakeOne() {
        if ((int) INT.getVolatile(segment, sleepersOffset) > 0) {
            INT.getAndAdd(segment, sequenceOffset, 1);
            if ((int) INT.getVolatile(segment, pendingOffset) == 0 && INT.compareAndSet(segment, pendingOffset, 0, 1)) {
                Futex.wake(sequenceAddress, 1);
            }
        }
    }

    int sequence() {
        return (int) INT.getVolatile(segment, sequenceOffset);
    }

    void addSleeper(int delta) {
        INT.getAndAdd(segment, sleepersOffset, delta);
    }

    /** Sleeps at most {@code maxNanos} while the sequence is still {@code observed}. */
    void sleep(int observed, long maxNanos, int round) {
        Futex.await(sequenceAddress, observed, maxNanos, round);
        if ((int) INT.getVolatile(segment, pendingOffset) != 0) {
            INT.setVolatile(segment, pendingOffset, 0);
        }
    }
}
