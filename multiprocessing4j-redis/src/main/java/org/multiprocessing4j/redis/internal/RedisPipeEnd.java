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
 * processes as a handle; each copy counts as a holder of the direction it sends on
 * ({@code :holders:<dir>}), and when the last copy of a sending end is closed an end-of-stream
 * element ('E') follows the data, which a receiver puts back so that every copy of the receiving
 * end sees it after the last message. A process that dies without closing its copy never
 * releases it (there is no descriptor for the system to close, unlike CPython's pipes): its peer
 * then sees no end of stream. Thread-safe.
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
            String holders = holders();
            session.link().call(RedisCommands.INCR, holders, holders);
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

    private String holders() {
        return session.key("pipe:" + name + ":holders:" + writeDir);
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
        }
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
                        // another slice
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
                session.link().eval(Scripts.PIPE_RELEASE, RScript.ReturnType.LONG, List.of(holders(), writeKey));
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
