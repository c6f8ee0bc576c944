package org.multiprocessing4j.internal.spawn;

/**
 * How a parent and each child JVM it starts talk, and the frames of the links to a
 * {@link ControlServer}. A child needs no channel back while it runs: its process comes on
 * stdin and its reports go to a file. A warm spare ({@link WarmSpares}) is a child JVM started
 * before its process, blocked at step 0 until the parent writes it. The control server, a
 * Unix-domain socket in the session directory, serves the links that carry work: pool workers
 * to their pool, pipe ends claimed by their recipient ({@link ControlClient}: HELLO with the
 * expected id, then the HMAC handshake of {@link org.multiprocessing4j.internal.wire.Handshake}).
 *
 * <pre>
 *  step  parent                                      child (ChildMain)
 *  0     writes the bootstrap (authkey, serializer,
 *        reports file, ...), a NUL
 *        byte and the serialised Process object to
 *        the child's stdin and closes it; nothing
 *        on the command line is secret              →  reads stdin to EOF; sets PR_SET_PDEATHSIG
 *                                                     and checks that its parent is still there
 *  1                                                   creates the reports file (it must not exist)
 *                                                     and decodes the Process (the only decode)
 *  2                                                   appends SIGNAL n  on SIGTERM / SIGINT / SIGHUP
 *                                                             RESULT code  run() returned or threw
 *                                                             EXITING      the JVM is shutting down
 *  3     once the JVM has exited: reads the reports
 *        (none: the process never started) and
 *        removes the file
 *        The child watches its parent process (gone: it halts); end of stdin before a
 *        bootstrap means the parent went away first (the child halts quietly).
 * </pre>
 *
 * Why the child has no socket: the JDK's first Unix-domain socket in a JVM sets up the JCA for a
 * {@code SecureRandom} ({@code sun.nio.ch.UnixDomainSockets}), 14-25 ms of a child's start, and
 * a handshake then costs a few more. Its stdin is a pipe only the parent holds, so nothing needs
 * authenticating; the reports file is in the session directory, which only the user can enter.
 *
 * <p>The exit code follows CPython: a reported signal N gives -N; otherwise a JVM that reported
 * RESULT c gives its raw status if that is c, and -N if it is 128+N instead (it was killed by
 * signal N while it exited, as SIGKILL cannot be caught); one that reported only EXITING (its
 * code went to {@code System.exit} directly) gives its raw status; and one that reported
 * nothing and whose status is 128+N was killed by signal N and gives -N. A child this parent
 * signalled ({@code terminate()}, {@code kill()}) that ends with 128+N for that signal before
 * reporting RESULT gives -N too (its JVM's default handler ran before the child had its own),
 * and one that never started its process gives the signal's -N as well.
 */
final class ControlProtocol {

    static final byte HELLO = 'H';
    static final byte PAYLOAD = 'P';
    static final byte SIGNAL = 'S';
    static final byte RESULT = 'X';
    static final byte EXITING = 'E';

    /** Limit on frames after authentication: payloads may be large. */
    static final int AUTHENTICATED_LIMIT = Integer.MAX_VALUE - 16;

    private ControlProtocol() {}

    static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    static byte[] intBytes(int v) {
        return java.nio.ByteBuffer.allocate(4).putInt(v).array();
    }

    static long readLong(byte[] b) {
        if (b.length != 8) {
            throw new IllegalArgumentException("expected 8 bytes, got " + b.length);
        }
        return java.nio.ByteBuffer.wrap(b).getLong();
    }

    static int readInt(byte[] b) {
        if (b.length != 4) {
            throw new IllegalArgumentException("expected 4 bytes, got " + b.length);
        }
        return java.nio.ByteBuffer.wrap(b).getInt();
    }

    /**
     * CPython's rule, see the class comment.
     *
     * @param reportedResult the code of a RESULT report, or null if none came
     */
    static int exitCode(int raw, int reportedSignal, boolean reportedExit, Integer reportedResult) {
        if (reportedSignal > 0) {
            return -reportedSignal;
        }
        boolean signalled = raw > 128 && raw < 128 + 65;
        if (reportedResult != null) {
            return signalled && raw != reportedResult ? -(raw - 128) : raw;
        }
        if (!reportedExit && signalled) {
            return -(raw - 128);
        }
        return raw;
    }
}
