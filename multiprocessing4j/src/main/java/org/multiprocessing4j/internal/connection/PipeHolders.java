package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.os.ProcessStart;
import org.multiprocessing4j.internal.sync.Mutex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.multiprocessing4j.internal.connection.PipeDescriptor.BITMAP_LONGS;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.EXPORT;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.SLOTS;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.SLOT_START_OFFSET;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.SLOT_STATE_OFFSET;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.SLOT_TOKEN_OFFSET;
import static org.multiprocessing4j.internal.connection.PipeDescriptor.SLOT_WHAT_OFFSET;

/**
 * The holders of a pipe's two ends, in its segment ({@link PipeDescriptor}): which processes
 * hold a copy of each end, and which copies are in transit. A reader sees end of stream once
 * the other end has no holder and its ring is empty; a writer's send fails once the other end
 * has none. Process-safe and thread-safe.
 */
final class PipeHolders {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** This process's start ({@link ProcessStart}), as another process reads it (0: unknown). */
    static final long START = ProcessStart.CURRENT;

    /** Handles of processes found alive with the start time their slots record, by pid. */
    private static final Map<Integer, Verified> VERIFIED = new ConcurrentHashMap<>();

    private final MemorySegment body;
    /** Per end: the bitmap word where {@link #any(int)} last found a holder (a hint; races are harmless). */
    private final int[] lastFound = new int[2];

    /*
     * Implementation overview. A slot is owned by the process whose pid is in its state word:
     * only the owner fills it and changes its bit, except when the owner is dead (reclaim) or
     * the slot is an export someone claims or withdraws. Both of those first take the slot with
     * a CAS of the state from the owner's pid to -(own pid), so exactly one process removes it,
     * and a slot is never freed under an owner that re-used it (ABA): a free slot has state 0,
     * which a taker's CAS never expects. A taker that dies holding a slot (-pid) leaves it to
     * the next scan, which sees that pid dead and takes it over. Order of a removal: clear the
     * bit (the holder stops counting), then free the state, so a dead process between the two
     * leaves a slot that counts for nothing and is freed by a scan.
     *
     * Liveness: a process is alive if its pid runs and started at the recorded start
     * (ProcessStart: clock ticks since boot on Linux, which no step of the wall clock moves). The
     * first check of a pid reads its start (a /proc read); the handle is then cached, and its
     * isAlive() compares the start time itself, so later checks cost one /proc read. Scans run
     * only on slow paths, and at a bounded rate (RingPipe): a receive that found nothing for a
     * sleep slice, a poll or wait that found the ring empty, a send that
     * found it full. A scan checks the slots that count (their bits are set); a slot that counts
     * for nothing (its owner died while reserving or removing it) only takes room, and is freed
     * by the full scan an add makes when it finds no free slot.
     */

    PipeHolders(MemorySegment body) {
        this.body = body;
    }

    /** Whether end {@code end} has a holder that counts (it or its process may be dead: see {@link #reclaimDead()}). */
    boolean any(int end) {
        long base = PipeDescriptor.holdersOffset(end);
        int hint = lastFound[end];
        if ((long) LONG.getVolatile(body, base + hint * 8L) != 0) {
            return true; // the common case: one read, not a scan of the bitmap (the per-message path asks)
        }
        for (int i = 0; i < BITMAP_LONGS; i++) {
            if ((long) LONG.getVolatile(body, base + i * 8L) != 0) {
                lastFound[end] = i;
                return true;
            }
        }
        return false;
    }

    /** How many holders of {@code end} count now (a snapshot). */
    int count(int end) {
        long base = PipeDescriptor.holdersOffset(end);
        int n = 0;
        for (int i = 0; i < BITMAP_LONGS; i++) {
            n += Long.bitCount((long) LONG.getVolatile(body, base + i * 8L));
        }
        return n;
    }

    /**
     * Adds a holder of {@code end} owned by this process: a copy ({@code token} 0) or an export
     * with {@code token}. Proceed in three steps: reserve a free slot (CAS 0 to the pid), fill
     * it, and count it (set its bit).
     *
     * @return the slot
     * @throws IllegalStateException if every slot is taken
     */
    int add(int end, long token) {
        int slot = tryAdd(end, token);
        if (slot < 0 && reclaim(true) > 0) {
            slot = tryAdd(end, token);
        }
        if (slot < 0) {
            throw new IllegalStateException("a pipe end cannot have more than " + SLOTS
                    + " copies (in processes and in transit) at once");
        }
        return slot;
    }

    /** As {@link #add}, or -1 if no slot is free. */
    private int tryAdd(int end, long token) {
        int first = ThreadLocalRandom.current().nextInt(SLOTS);
        for (int k = 0; k < SLOTS; k++) {
            int i = (first + k) % SLOTS;
            long at = PipeDescriptor.slotOffset(i);
            if ((int) INT.getVolatile(body, at + SLOT_STATE_OFFSET) == 0
                    && INT.compareAndSet(body, at + SLOT_STATE_OFFSET, 0, Mutex.PID)) {
                body.set(ValueLayout.JAVA_INT, at + SLOT_WHAT_OFFSET, end | (token != 0 ? EXPORT : 0));
                body.set(ValueLayout.JAVA_LONG, at + SLOT_START_OFFSET, START);
                LONG.setRelease(body, at + SLOT_TOKEN_OFFSET, token);
                LONG.getAndBitwiseOr(body, bitmapWord(end, i), 1L << (i & 63));
                return i;
            }
        }
        return -1;
    }

    /** Removes this process's holder in {@code slot} (a copy it closes). */
    void remove(int slot) {
        long at = PipeDescriptor.slotOffset(slot);
        int end = body.get(ValueLayout.JAVA_INT, at + SLOT_WHAT_OFFSET) & 1;
        LONG.getAndBitwiseAnd(body, bitmapWord(end, slot), ~(1L << (slot & 63)));
        INT.setVolatile(body, at + SLOT_STATE_OFFSET, 0);
    }

    /**
     * Removes the export with {@code token} in {@code slot} (claimed, or withdrawn), whoever
     * calls; exactly one caller succeeds.
     *
     * @return whether this call removed it (false: it was already gone)
     */
    boolean removeExport(int slot, long token) {
        if (slot < 0 || slot >= SLOTS || token == 0) {
            return false;
        }
        long at = PipeDescriptor.slotOffset(slot);
        int owner = (int) INT.getVolatile(body, at + SLOT_STATE_OFFSET);
        if (owner <= 0 || (long) LONG.getAcquire(body, at + SLOT_TOKEN_OFFSET) != token
                || !INT.compareAndSet(body, at + SLOT_STATE_OFFSET, owner, -Mutex.PID)) {
            return false;
        }
        if ((long) LONG.getAcquire(body, at + SLOT_TOKEN_OFFSET) != token) { // re-used between the reads and the CAS
            INT.setVolatile(body, at + SLOT_STATE_OFFSET, owner);
            return false;
        }
        free(slot, at);
        return true;
    }

    /**
     * Removes the holders that count (their bits are set) whose processes have died: copies
     * never closed, exports never claimed. See {@link #reclaim(boolean)}.
     *
     * @return how many holders were removed
     */
    int reclaimDead() {
        return reclaim(false);
    }

    /**
     * Removes the slots of dead processes: with {@code all}, every slot, also those that count
     * for nothing (some process died while reserving or removing them); else only the slots
     * whose bits are set. Proceed per slot: read the owner, check it is dead, take the slot with
     * a CAS, clear its bit, free it.
     *
     * @return how many slots were freed
     */
    private int reclaim(boolean all) {
        int removed = 0;
        Map<Integer, Boolean> seen = new HashMap<>();
        if (all) {
            for (int i = 0; i < SLOTS; i++) {
                removed += reclaimIfDead(i, seen);
            }
            return removed;
        }
        for (int end = 0; end < 2; end++) {
            long base = PipeDescriptor.holdersOffset(end);
            for (int w = 0; w < BITMAP_LONGS; w++) {
                for (long bits = (long) LONG.getVolatile(body, base + w * 8L); bits != 0; bits &= bits - 1) {
                    removed += reclaimIfDead(w * 64 + Long.numberOfTrailingZeros(bits), seen);
                }
            }
        }
        return removed;
    }

    /** Frees {@code slot} if its owner is dead ({@code seen}: liveness by pid, this scan); 1 if this call freed it. */
    private int reclaimIfDead(int slot, Map<Integer, Boolean> seen) {
        long at = PipeDescriptor.slotOffset(slot);
        int state = (int) INT.getVolatile(body, at + SLOT_STATE_OFFSET);
        if (state == 0 || state == Mutex.PID || state == -Mutex.PID) {
            return 0;
        }
        int pid = Math.abs(state);
        long start = state > 0 ? body.get(ValueLayout.JAVA_LONG, at + SLOT_START_OFFSET) : 0;
        if (seen.computeIfAbsent(pid, p -> isAlive(p, start))) {
            return 0;
        }
        if (INT.compareAndSet(body, at + SLOT_STATE_OFFSET, state, -Mutex.PID)) {
            free(slot, at);
            return 1;
        }
        return 0;
    }

    /** With the slot taken (state -pid): clears its bit, then frees it. */
    private void free(int slot, long at) {
        int end = body.get(ValueLayout.JAVA_INT, at + SLOT_WHAT_OFFSET) & 1;
        LONG.getAndBitwiseAnd(body, bitmapWord(end, slot), ~(1L << (slot & 63)));
        LONG.setRelease(body, at + SLOT_TOKEN_OFFSET, 0L);
        INT.setVolatile(body, at + SLOT_STATE_OFFSET, 0);
    }

    private static long bitmapWord(int end, int slot) {
        return PipeDescriptor.holdersOffset(end) + (slot >>> 6) * 8L;
    }

    /**
     * Whether {@code pid} runs and, when {@code start} is not 0, started then ({@link
     * ProcessStart}: a pid re-used by a later process does not pass for the one that died).
     */
    static boolean isAlive(int pid, long start) {
        if (pid == Mutex.PID) {
            return true;
        }
        Verified known = VERIFIED.get(pid);
        if (known != null && (start == 0 || known.start == start)) {
            if (known.handle.isAlive()) { // the handle compares the process's start, as this JVM reads it, itself
                return true;
            }
            VERIFIED.remove(pid, known);
            return false;
        }
        var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        long started = ProcessStart.of(pid);
        if (started == 0 && ProcessStart.inTicks()) {
            return false; // ended between the two reads, or a zombie
        }
        if (start != 0 && started != 0 && started != start) {
            return false;
        }
        VERIFIED.put(pid, new Verified(handle.get(), started));
        return true;
    }

    /** A process found alive, and its start. */
    private record Verified(ProcessHandle handle, long start) {}
}
