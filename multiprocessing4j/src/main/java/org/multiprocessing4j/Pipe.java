package org.multiprocessing4j;

import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.RingEnd;

/**
 * A pair of connected {@link Connection}s: Python's {@code multiprocessing.Pipe()}.
 *
 * <p>{@link #open()} gives a duplex pipe: each end sends and receives. {@link #open(boolean)
 * open(false)} gives a one-way pipe: {@link #left()} only receives and {@link #right()} only
 * sends, as in CPython's {@code (reader, writer)}.
 *
 * <h2>Passing ends to other processes</h2>
 * An end is a shared thing, like a file descriptor in CPython. It may be passed to a child as a
 * field of its target or of a {@code Process} subclass, and on again from there; the child
 * gets a <em>copy</em> of the end, and every process holding a copy may send, receive and poll
 * through it, message by message:
 * <ul>
 *   <li>a message is received whole by exactly one copy; {@link Connection#poll()} in one
 *       process never takes or splits a message another process then receives;</li>
 *   <li>messages of writers that take turns under a shared {@link Lock} are received in the
 *       order the lock granted the turns;</li>
 *   <li>a copy's {@code close()} releases only that copy. The other end sees
 *       {@link EndOfStreamException} once every copy of this end, in every process, has been
 *       closed or its process has died (even by {@code kill -9}), and only after it has received
 *       every message sent before; so close the parent's copy of the child's end after
 *       {@code start()}, as in CPython. A send raises {@link ConnectionException} once every
 *       copy of the other end has gone.</li>
 * </ul>
 * A copy in transit (serialised, not yet received) holds its end too, for at most 60 s, or
 * until the process it was sent to is known to be gone (a child that exited first, a pool task
 * that never ran).
 *
 * <h2>Transport</h2>
 * The pipe is a shared-memory segment of the process tree with one ring of length-prefixed
 * frames per direction (the queue's ring, under its futex lock; 1 MiB each by default,
 * {@code -Dmultiprocessing4j.pipe.ringBytes=N}, sparse) and a table of the processes holding
 * each end. A message larger than half the ring travels in an overflow segment of its own,
 * so 64 MiB messages are ordinary. Nothing relays: copies in any process use the segment
 * directly, and a process that passed an end on may exit without affecting the copies it
 * passed.
 *
 * @param left  the first end (the receiving end of a one-way pipe)
 * @param right the second end (the sending end of a one-way pipe)
 */
public record Pipe(Connection left, Connection right) implements AutoCloseable {

    /** A duplex pipe. */
    public static Pipe open() {
        return open(true);
    }

    /** A duplex pipe, or with {@code duplex} false a one-way pipe from {@code right} to {@code left}. */
    public static Pipe open(boolean duplex) {
        var ends = RingEnd.pair(duplex);
        return new Pipe(Access.connection().wrap(ends[0]), Access.connection().wrap(ends[1]));
    }

    /** Closes both ends in this process. */
    @Override
    public void close() {
        left.close();
        right.close();
    }
}
