package org.multiprocessing4j;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-line terminal progress bar for pool maps, redrawn in place at most ten times a second:
 * <pre>
 *   map [##############----------------]  47%  94000/200000  1.9M/s  ETA 1s
 * </pre>
 * Switch it on with {@code Pool.builder().progress(ProgressBar.console())}. Thread-safe.
 */
public final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private long lastJob = -1;
    private long lastDraw;

    private ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on standard error. */
    public static ProgressBar console() {
        return new ProgressBar(System.err);
    }

    /** A bar on {@code out}. */
    public static ProgressBar to(PrintStream out) {
        return new ProgressBar(Objects.requireNonNull(out, "out"));
    }

    @Override
    public synchronized void progress(Progress p) {
        long now = System.nanoTime();
        if (!p.finished() && p.job() == lastJob && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastJob = p.job();
        lastDraw = now;
        out.print("\r" + render(p) + (p.finished() ? System.lineSeparator() : ""));
        out.flush();
    }

    /** The line for {@code p}, without the carriage return. */
    static String render(Progress p) {
        String rate = human(p.rate()) + "/s";
        if (p.total() < 0) {
            return String.format(Locale.ROOT, "%s %d done  %s", p.operation(), p.done(), rate);
        }
        double fraction = p.total() == 0 ? 1 : Math.min(1, (double) p.done() / p.total());
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = p.finished() || p.rate() == 0 ? "" : "  ETA " + Math.round((p.total() - p.done()) / p.rate()) + "s";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %d/%d  %s%s", p.operation(),
                "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(fraction * 100), p.done(), p.total(), rate, eta);
    }

    private static String human(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
