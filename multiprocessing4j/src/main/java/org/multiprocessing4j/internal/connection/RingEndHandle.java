package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.internal.shm.Segment;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;

/**
 * A pipe end in transit: what a {@code Connection} over a {@link RingEnd} serialises to. It
 * names the pipe's segment and the export slot that holds the end while it travels.
 * Deserialising it makes a copy of the end in the receiving process. Proceed in three steps:
 * attach the segment, add this process's copy to the holders of the end, then remove the
 * export, so that the end has a holder at every moment and its peer never sees a false end of
 * stream. A copy in transit is claimed once: a second deserialisation of the same bytes, or
 * one after the export was withdrawn, fails and says so.
 */
final class RingEndHandle implements Handoff {

    @Serial
    private static final long serialVersionUID = 2L;

    private final String pipe;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    private final int exportSlot;
    private final long token;

    RingEndHandle(String pipe, int end, boolean readable, boolean writable, int exportSlot, long token) {
        this.pipe = pipe;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
        this.exportSlot = exportSlot;
        this.token = token;
    }

    @Override
    public Transport open() throws ObjectStreamException {
        RingPipe p;
        try {
            p = RingPipe.attach(pipe);
        } catch (Segment.NoSuchSegmentException e) {
            throw new ConnectionException("cannot receive a pipe end: the pipe " + pipe
                    + " is gone (every copy of both of its ends was closed before this one arrived)", e);
        }
        int slot = p.holders().add(end, 0);
        if (!p.holders().removeExport(exportSlot, token)) {
            p.holders().remove(slot);
            p.holdersChanged();
            throw new ConnectionException("cannot receive a pipe end of " + pipe + ": its copy in transit was already received"
                    + " once, or was withdrawn (its recipient was gone, nobody claimed it within " + RingEnd.CLAIM_LIMIT
                    + ", or the sending process died)");
        }
        return new RingEnd(p, end, readable, writable, slot);
    }
}
