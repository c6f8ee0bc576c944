package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.Posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How a child JVM comes to be killed when its parent dies ({@code prctl(PR_SET_PDEATHSIG)},
 * DESIGN.md §2: no orphans). The child could make the call itself, but it would be its JVM's
 * first native call, and the JDK's FFM linker spends ~0.2 s of CPU on its first link, more than
 * a bare JVM's whole start. So on Linux the child is started through util-linux's
 * {@code setpriv --pdeathsig KILL}, which makes the call before it executes {@code java} (the
 * setting survives {@code execve}); the child is told in its {@link Bootstrap} and does not make
 * the call again. Where {@code setpriv} is missing, too old (before util-linux 2.33) or turned
 * off ({@value Configuration#CHILD_SETPRIV_PROP_NAME}{@code =false}), the child arms the signal
 * itself on a thread of its own, off its start-up path.
 *
 * <p>Only {@code setpriv} in {@code /usr/bin} or {@code /bin} is used, never one found on the
 * {@code PATH}: it runs before every child. Whether it supports the option is tried once per
 * JVM by running it.
 */
final class ParentDeathSignal {

    private static final List<String> LOCATIONS = List.of("/usr/bin/setpriv", "/bin/setpriv");
    private static final long PROBE_LIMIT_SECONDS = 10;
    private static final System.Logger LOG = LazyLogger.of(ParentDeathSignal.class);

    private ParentDeathSignal() {}

    /** What {@code command} becomes so that the signal is armed before the JVM starts; may be {@code command}. */
    static List<String> wrap(List<String> command) {
        List<String> prefix = Holder.PREFIX;
        if (prefix.isEmpty()) {
            return command;
        }
        var wrapped = new ArrayList<String>(prefix.size() + command.size());
        wrapped.addAll(prefix);
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether {@link #wrap} arms the signal (then the child must not arm it again). */
    static boolean armedByLauncher() {
        return !Holder.PREFIX.isEmpty();
    }

    /**
     * Runs the probe on the {@link Launcher} thread if it has not run, without waiting: the
     * launch of the first child, queued behind it there, then finds the answer ready.
     */
    static void probeInBackground() {
        Launcher.submit(ParentDeathSignal::armedByLauncher);
    }

    private static final class Holder {
        static final List<String> PREFIX = probe();
    }

    private static List<String> probe() {
        if (!Posix.isLinux() || !Configuration.childSetpriv()) {
            return List.of();
        }
        for (String location : LOCATIONS) {
            if (!Files.isExecutable(Path.of(location))) {
                continue;
            }
            var prefix = List.of(location, "--pdeathsig", "KILL", "--");
            var trial = new ArrayList<>(prefix);
            trial.add(location);
            trial.add("--version");
            try {
                var p = new ProcessBuilder(trial).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return prefix;
                }
                p.destroyForcibly();
                LOG.log(System.Logger.Level.DEBUG, "{0} does not take --pdeathsig: children arm the signal themselves", location);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot run {0}: {1}", location, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            return List.of();
        }
        return List.of();
    }
}
