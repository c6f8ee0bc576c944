package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.ready.Readiness;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of a {@code Pipe} over a Unix-domain socket pair: the interim pipe transport until
 * the shared-memory rings of DESIGN.md §5 replace it behind the same public types.
 *
 * <p>Like a pipe file descriptor in CPython, an end may have <em>copies</em> in other processes:
 * serialising it (as a field of a child's target) exports it through this JVM's
 * {@link PipeBroker}, and the receiving process connects back and gets a copy. This process
 * relays whole frames between the copy and the end's socket, so every copy sends and receives
 * on the same stream, message by message. The stream is closed when the last copy is: the peer
 * end sees end of stream only after the local end and every copy have been closed (or their
 * processes have died) — exactly the rule of CPython's pipes, where a parent must close its
 * copy of the child's end to see EOF.
 *
 * <p>Limits of this interim transport: traffic of a copy passes through the exporting process,
 * so it must outlive its children's use of the pipe; a receive on an end that also has a
 * readable copy elsewhere competes with that copy message by message (as two processes reading
 * one CPython pipe do).
 */
public final class SharedEnd implements Transport {

    private static final System.Logger LOG = System.getLogger(SharedEnd.class.getName());

    private final SocketTransport stream;
    private final boolean readable;
    private final boolean writable;
    /** The local object plus every exported copy, claimed or pending: the stream closes at zero. */
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicBoolean localClosed = new AtomicBoolean();

    /*
     * Implementation overview. Two relay threads serve each claimed copy: "up" takes frames the
     * copy sends and sends them on the stream (it also notices the copy closing, by end of
     * stream), "down" receives frames from the stream and forwards them to the copy (readable
     * ends only). A relay holds at most one frame, whole, so copies interleave at message
     * boundaries. When either direction ends (the copy closed or died, the peer closed) the
     * relay closes the copy's socket, interrupts the down thread (an interrupted receive loses
     * nothing on the stream; the up thread is never interrupted, since half a frame sent on the
     * stream would corrupt it for everyone) and releases its hold. An export that no process claims within
     * PipeBroker.CLAIM_LIMIT releases its hold too, so a child that never started cannot keep
     * the peer from seeing end of stream forever.
     */

    public SharedEnd(SocketTransport stream, boolean readable, boolean writable) {
        this.stream = stream;
        this.readable = readable;
        this.writable = writable;
    }

    /** A connected pair of ends in this process: [0] left, [1] right. One-way: left receives, right sends. */
    public static SharedEnd[] pair(Path directory, boolean duplex) {
        var random = new byte[8];
        new SecureRandom().nextBytes(random);
        Path path = directory.resolve("pipe-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + ".sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            SocketChannel a = SocketChannel.open(UnixDomainSocketAddress.of(path));
            SocketChannel b = server.accept();
            return new SharedEnd[] {
                new SharedEnd(new SocketTransport(a, "the other end of the pipe", true, true), true, duplex),
                new SharedEnd(new SocketTransport(b, "the other end of the pipe", true, true), duplex, true),
            };
        } catch (IOException e) {
            throw new ConnectionException("cannot create a pipe in " + directory + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot remove " + path, e);
            }
        }
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void send(byte type, byte[] buf, int offset, int size) {
        checkOpen();
        stream.send(type, buf, offset, size);
    }

    @Override
    public Frame receive(int maxLength) {
        checkOpen();
        return stream.receive(maxLength);
    }

    @Override
    public boolean poll(long timeoutNanos) {
        checkOpen();
        return stream.poll(timeoutNanos);
    }

    @Override
    public Readiness readiness() {
        return stream.readiness();
    }

    @Override
    public Object handoff() throws ObjectStreamException {
        checkOpen();
        holders.incrementAndGet();
        try {
            return PipeBroker.get().export(this);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public boolean isClosed() {
        return localClosed.get();
    }

    /** Closes this process's copy; the stream itself closes with the last copy. */
    @Override
    public void close() {
        if (localClosed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Drops one hold on the stream (the local copy, a relay, or an unclaimed export). */
    void release() {
        if (holders.decrementAndGet() == 0) {
            stream.close();
        }
    }

    /** A process claimed an export: serve its copy until either side ends. */
    void serveCopy(SocketTransport copy, String who) {
        var ended = new AtomicBoolean();
        Thread[] threads = new Thread[2];
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                copy.close(); // ends the up thread's receive; its send on the stream, if any, completes
                Thread down = threads[1];
                if (down != null && down != Thread.currentThread()) {
                    down.interrupt(); // an interrupted receive leaves the stream's frame for other copies
                }
                release();
            }
        };
        threads[0] = Thread.ofPlatform().daemon().name("mp4j-pipe-up-" + who).unstarted(() -> {
            try {
                while (!ended.get()) {
                    var f = copy.receive(-1);
                    stream.send(f.type(), f.payload(), 0, f.payload().length);
                }
            } catch (EndOfStreamException | IllegalStateException | ConnectionException | InterruptedWaitException e) {
                // the copy closed or died, or the stream is gone
            } finally {
                end.run();
            }
        });
        if (readable) {
            threads[1] = Thread.ofPlatform().daemon().name("mp4j-pipe-down-" + who).unstarted(() -> {
                try {
                    while (!ended.get()) {
                        var f = stream.receive(-1);
                        copy.send(f.type(), f.payload(), 0, f.payload().length);
                    }
                } catch (EndOfStreamException | IllegalStateException | ConnectionException | InterruptedWaitException e) {
                    // the peer closed, or the copy went away
                } finally {
                    end.run();
                }
            });
        }
        for (Thread t : threads) {
            if (t != null) {
                t.start();
            }
        }
    }

    private void checkOpen() {
        if (localClosed.get()) {
            throw new IllegalStateException("connection is closed");
        }
    }

    @Override
    public String toString() {
        return "pipe end" + (holders.get() > 1 ? " (shared with " + (holders.get() - 1) + " other process(es))" : "");
    }
}
