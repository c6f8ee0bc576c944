package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.ConnectionException;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.internal.connection.Handoff;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.connection.Transport;
import org.multiprocessing4j.internal.ready.Readiness;
import org.multiprocessing4j.internal.ready.WaitSet;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.io.ObjectStreamException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One end of a {@link Pipe} of a Redis context: a {@link Transport} over two Redis lists, one per
 * direction ({@code pipe:<name>:a} carries what the left end sends, {@code :b} the right end's).
 * A frame is one list element: the type byte, then the payload. The end travels to other
 * processes as a handle; each copy of a sending end is a holder of its direction, registered in
 * the hash {@code :holders:<dir>} (copy id → the lease of the JVM holding it,
 * {@link Session#holderLease()}), and when the last holder is gone an end-of-stream element
 * ('E') follows the data, which a receiver puts back so that every copy of the receiving end sees
 * it after the last message. A holder is gone when its copy is closed, or when its JVM's lease
 * expired (killed, or exited without closing it): a receiver that finds its list empty checks the
 * holders' leases ({@link Scripts#PIPE_REAP}), as CPython's reader sees EOF once every process
 * holding the write end has died. Thread-safe.
 */
public final class RedisPipeEnd implements Transport {

    private static final byte EOF = 'E';

    private final Session session;
    private final String name;
    private final String readDir;
    private final String writeDir;
    private final String readKey;
    private final String writeKey;
    private final Readiness readiness = new Ready();
    private final String copy = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private volatile boolean closed;
    private volatile boolean unreadable;

    private RedisPipeEnd(Session session, String name, String readDir, String writeDir) {
        this.session = session;
        this.name = name;
        this.readDir = readDir;
        this.writeDir = writeDir;
        this.readKey = readDir == null ? null : session.key("pipe:" + name + ":" + readDir);
        this.writeKey = writeDir == null ? null : session.key("pipe:" + name + ":" + writeDir);
        if (writeDir != null) {
            session.link().eval(Scripts.PIPE_HOLD, RScript.ReturnType.LONG, List.of(holders(writeDir)), copy, session.holderLease());
        }
    }

    /** A new pipe; with {@code duplex} false, {@code left} only receives and {@code right} only sends. */
    public static Pipe open(Session session, String name, boolean duplex) {
        session.check();
        var left = new RedisPipeEnd(session, name, "b", duplex ? "a" : null);
        var right = new RedisPipeEnd(session, name, duplex ? "a" : null, "b");
        return new Pipe(Access.connection().wrap(left), Access.connection().wrap(right));
    }

    /**
     * An end on its way to another process: the session's name (no secret) and the end's
     * directions; the receiving process holds a copy of the end once it has opened it.
     */
    private record Travelling(String session, String name, String readDir, String writeDir) implements Handoff {
        @Override
        public Transport open() throws ObjectStreamException {
            return new RedisPipeEnd(Sessions.forHandle(session), name, readDir, writeDir);
        }
    }

    /** The holders of the sending end of direction {@code dir}. */
    private String holders(String dir) {
        return session.key("pipe:" + name + ":holders:" + dir);
    }

    @Override
    public boolean isReadable() {
        return readKey != null && !unreadable;
    }

    @Override
    public boolean isWritable() {
        return writeKey != null;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    @Override
    public void send(byte type, byte[] buf, int offset, int size) {
        checkOpen();
        session.check();
        byte[] frame = new byte[size + 1];
        frame[0] = type;
        System.arraycopy(buf, offset, frame, 1, size);
        session.link().call(RedisCommands.RPUSH, writeKey, writeKey, frame);
    }

    /** Proceed in 2 steps: pop the next frame, in slices (checking for close); put an end-of-stream back for the other copies. */
    @Override
    public Frame receive(int maxLength) {
        while (true) {
            checkOpen();
            session.check();
            byte[] frame = session.link().blpop(readKey, RedisLink.MAX_SLICE);
            if (frame == null) {
                session.checkEpoch();
                reapDeadHolders();
                continue;
            }
            if (frame.length == 1 && frame[0] == EOF) {
                session.link().call(RedisCommands.LPUSH, readKey, readKey, frame);
                throw new EndOfStreamException("the other end of the pipe was closed");
            }
            int length = frame.length - 1;
            if (maxLength >= 0 && length > maxLength) {
                session.link().call(RedisCommands.LPUSH, readKey, readKey, frame); // stays for other copies
                if (isWritable()) {
                    unreadable = true;
                } else {
                    close();
                }
                throw new ConnectionException("bad message length: the message has " + length + " bytes, more than maxLength="
                        + maxLength + "; this end no longer receives, and the message stays in the pipe for other copies");
            }
            return new Frame(frame[0], Arrays.copyOfRange(frame, 1, frame.length));
        }
    }

    @Override
    public boolean poll(long timeoutNanos) {
        checkOpen();
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (true) {
            session.check();
            Integer n = session.link().call(RedisCommands.LLEN_INT, readKey, readKey);
            if (n > 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (session.link().awaitNonEmpty(readKey, Session.slice(Duration.ofNanos(left)))) {
                return true;
            }
            checkOpen();
            reapDeadHolders();
        }
    }

    /**
     * Releases the copies of the sending end whose JVM's lease is gone; the last one appends the
     * end of stream, which the next pop finds after any data still in the list.
     */
    private void reapDeadHolders() {
        session.link().eval(Scripts.PIPE_REAP, RScript.ReturnType.LONG, List.of(holders(readDir), readKey));
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    /** Ready when the list has an element; a watcher blocks on it without consuming and wakes the set. */
    private final class Ready implements Readiness {
        @Override
        public boolean isReady() {
            return closed || poll(0);
        }

        @Override
        public void watch(WaitSet set) {
            Thread.ofVirtual().name("mp4j-redis-pipe-watch").start(() -> {
                try {
                    while (!set.isClosed() && !closed && !session.link().awaitNonEmpty(readKey, RedisLink.MAX_SLICE)) {
                        reapDeadHolders(); // another slice, after which an end of stream may be there
                    }
                } catch (RuntimeException e) {
                    // the waiter re-checks and finds the error itself
                }
                set.wakeup();
            });
        }
    }

    /** Travels by the session's name: the receiving process holds a copy of this end. */
    @Override
    public Handoff handoff() throws ObjectStreamException {
        checkOpen();
        return new Travelling(session.options().session(), name, readDir, writeDir);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Closes this copy; the last copy of a sending end appends the end of stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writeKey != null && session.isOpen()) {
            try {
                session.link().eval(Scripts.PIPE_RELEASE, RScript.ReturnType.LONG, List.of(holders(writeDir), writeKey), copy);
            } catch (RuntimeException e) {
                // the session is lost: no one reads any more
            }
        }
    }

    @Override
    public String toString() {
        return "RedisPipeEnd[" + name + (readKey != null ? ", reads " + readDir : "") + (writeKey != null ? ", writes " + writeDir : "")
                + "]";
    }
}
