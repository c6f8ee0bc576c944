package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.os.Posix;
import org.multiprocessing4j.internal.wire.FrameChannel;
import org.multiprocessing4j.internal.wire.ProcessPayload;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The main class of every child JVM: the child's side of {@link ControlProtocol}, then the
 * process itself. Not meant to be started by hand: without a bootstrap on stdin it exits with
 * status 2 and says why.
 */
public final class ChildMain {

    /** Exit status when the child could not even reach its parent. */
    static final int BOOTSTRAP_FAILED = 2;

    private static volatile FrameChannel link;
    private static volatile Thread parentWatch;
    private static volatile boolean exiting;

    private ChildMain() {}

    public static void main(String[] args) {
        // Proceed in five steps: bootstrap, connect and authenticate, guard against parent
        // death, decode and run the process, report and exit.
        Bootstrap b;
        try {
            b = Bootstrap.readFrom(System.in);
        } catch (IOException | RuntimeException e) {
            fail("multiprocessing4j child: " + e.getMessage());
            return;
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (Posix.isLinux()) {
            Posix.setParentDeathSignal(Posix.SIGKILL);
            if (Posix.parentPid() != b.parentPid()) {
                Runtime.getRuntime().halt(128 + Posix.SIGKILL); // the parent died before we armed the signal
            }
        }

        byte[] payload;
        try {
            var connected = ControlClient.connect(b.socket(), b.childId(), b.authkey());
            payload = connected.firstPayload();
            link = connected.link();
        } catch (IOException | RuntimeException e) {
            fail("Process " + b.processName() + ": cannot reach the parent process " + b.parentPid() + ": " + e);
            return;
        }

        parentWatch = Thread.ofPlatform().daemon().name("mp4j-parent-watch").start(ChildMain::watchParent);
        Signals.reportTo(signal -> report(ControlProtocol.SIGNAL, ControlProtocol.intBytes(signal)));
        SpawnRuntime.onExit(SpawnRuntime.Phase.CHILDREN, () -> report(ControlProtocol.EXITING, new byte[0]));
        SpawnRuntime.onExit(SpawnRuntime.Phase.PARENT_LINK, ChildMain::closeLink);

        Serializers.use(b.serializer(), false);
        Session.adopt(b.session());
        var runner = ChildRunner.Holder.get();
        int code;
        try {
            Object process = ProcessPayload.decode(payload);
            code = runner.runChild(process, new ChildRunner.ChildInfo(b.parentName(), b.parentPid(), b.authkey(), b.startMethod()));
        } catch (RuntimeException e) {
            System.err.println("Process " + b.processName() + ": cannot decode the process in the child: " + e.getMessage());
            code = 1;
        }
        report(ControlProtocol.RESULT, ControlProtocol.intBytes(code));
        runner.exitCleanup();
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** End of stream from the parent means it has gone: follow it at once (no orphans). */
    private static void watchParent() {
        try {
            while (true) {
                link.read(); // the parent sends nothing after the payload
            }
        } catch (IOException e) {
            if (!exiting) {
                Runtime.getRuntime().halt(128 + Posix.SIGKILL);
            }
        }
    }

    /**
     * Closes the control channel as the JVM exits. HotSpot waits up to 300 ms at exit for
     * threads blocked in native code, such as the parent watch in its socket read; closing the
     * channel brings that thread back into Java first, so a child ends as soon as it is done.
     */
    private static void closeLink() {
        exiting = true;
        FrameChannel ch = link;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        Thread watch = parentWatch;
        if (watch != null) {
            try {
                watch.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void report(byte type, byte[] payload) {
        FrameChannel ch = link;
        if (ch != null) {
            try {
                ch.write(type, payload);
            } catch (IOException e) {
                // the parent is gone; nothing to tell
            }
        }
    }

    private static void fail(String message) {
        PrintStream err = System.err;
        err.println(message);
        err.flush();
        System.exit(BOOTSTRAP_FAILED);
    }
}
