package org.multiprocessing4j;

import org.multiprocessing4j.internal.connection.Connections;
import org.multiprocessing4j.internal.connection.SharedEnd;
import org.multiprocessing4j.internal.spawn.Session;

/**
 * A pair of connected {@link Connection}s: Python's {@code multiprocessing.Pipe()}.
 *
 * <p>{@link #open()} gives a duplex pipe: each end sends and receives. {@link #open(boolean)
 * open(false)} gives a one-way pipe: {@link #left()} only receives and {@link #right()} only
 * sends, as in CPython's {@code (reader, writer)}.
 *
 * <h2>Passing ends to other processes</h2>
 * An end may be passed to a child as a field of its target or of a {@code Process} subclass,
 * and works there; it may be passed on again. As with CPython's pipes, the child's end is a
 * <em>copy</em>: the other end sees {@link EndOfStreamException} only once every copy that
 * carries the stream has been closed or its process has died — so close the parent's copy of
 * the child's end after {@code start()}. Several copies used at once share the stream message
 * by message.
 *
 * <p>One difference from CPython: when nothing has been sent on the pipe yet at the moment the
 * child receives its end (the usual {@code open}, {@code start}, talk pattern), the child takes
 * that end over and talks to the other end directly; the parent's own copy of the end it passed
 * can then only be closed ({@link IllegalStateException} otherwise, saying so), and it no longer
 * holds the pipe open.
 *
 * <h2>Transport</h2>
 * Today a pipe is a Unix-domain socket pair. A copy in another process connects back to the
 * process that passed it: directly to the other end as described above, or otherwise through
 * frames relayed by that process, which then must keep running while the copy is used. The
 * shared-memory rings of the design (DESIGN.md §5) will replace this transport behind the same
 * types without any change to code using them.
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
        var ends = SharedEnd.pair(Session.directory(), duplex);
        return new Pipe((Connection) Connections.wrap(ends[0]), (Connection) Connections.wrap(ends[1]));
    }

    /** Closes both ends in this process. */
    @Override
    public void close() {
        left.close();
        right.close();
    }
}
