package org.multiprocessing4j.internal.spawn;

import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Reports the catchable termination signals to the parent, then ends the JVM as it would have
 * anyway (shutdown hooks, exit status 128+N). Without the report the parent could not tell
 * {@code terminate()} (-15) from {@code System.exit(143)}.
 *
 * <p>The exit runs on a thread of its own: the JDK logs {@code Runtime.exit} with the caller's
 * module, and the signal dispatcher, called from native code, has no Java caller.
 */
final class Signals {

    private static final String[] REPORTED = {"TERM", "INT", "HUP"};

    private Signals() {}

    static void reportTo(IntConsumer reporter) {
        for (String name : REPORTED) {
            try {
                var signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> {
                    reporter.accept(s.getNumber());
                    SpawnRuntime.exitBySignal();
                    Thread.ofPlatform().name("mp4j-signal-exit")
                            .start(() -> System.exit(128 + s.getNumber()));
                });
                if (previous == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, SignalHandler.SIG_IGN); // ignored before (nohup): keep it so
                }
            } catch (IllegalArgumentException e) {
                // the signal is reserved in this JVM (e.g. -Xrs): leave it alone
            }
        }
    }
}
