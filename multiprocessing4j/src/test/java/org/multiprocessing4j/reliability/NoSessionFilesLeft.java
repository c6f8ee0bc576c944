package org.multiprocessing4j.reliability;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.internal.spawn.SpawnPopen;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fails a test after which a file of this JVM's session is left that was not there before:
 * sockets of listeners and pipes, claims, anything. Exempt are what lives as long as the
 * session by design: the segments of shared objects ({@code seg-*}; see
 * {@code ResourceLeakTest.sharedObjectsReleaseTheirSegmentsWhenUnreachable}), the control
 * socket ({@code ctl-*}) and the watchdog's FIFO, the reports files of children still running, the directory of class files shipped to
 * children ({@code classes}, on every child's class path), and the watchdog's ledger of named
 * blocks as long as it lists none.
 */
public final class NoSessionFilesLeft implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoSessionFilesLeft.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", Reliability.sessionFiles());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<String> before = context.getStore(NS).get("before", Set.class);
        // files of ended children and connections may take a moment to go
        try {
            Await.until("the session holds no new files", Delays.seconds(5), () -> appeared(before).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(context.getDisplayName() + " left files in the session directory "
                    + Session.existing() + ": " + appeared(before), e);
        }
    }

    private static Set<String> appeared(Set<String> before) {
        var appeared = new TreeSet<>(Reliability.sessionFiles());
        appeared.removeAll(before);
        appeared.removeIf(n -> n.startsWith("seg-") || n.startsWith("ctl-") || n.startsWith(".watchdog-")
                || n.equals("classes"));
        appeared.removeIf(n -> n.startsWith("named-segments-") && ledgerIsEmpty(n));
        appeared.removeIf(NoSessionFilesLeft::reportsOfARunningChild);
        return appeared;
    }

    /**
     * The reports file of a spawned child still running (an AOT cache's training child, say),
     * which its parent reads and removes once the child has exited: {@code rep-<child pid>-...}.
     */
    private static boolean reportsOfARunningChild(String name) {
        if (!name.startsWith(SpawnPopen.REPORTS_PREFIX)) {
            return false;
        }
        String rest = name.substring(SpawnPopen.REPORTS_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean ledgerIsEmpty(String name) {
        try {
            return Files.readString(Session.existing().resolve(name)).isBlank();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
