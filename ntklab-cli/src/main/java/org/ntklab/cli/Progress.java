package org.ntklab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr: a bar redrawn in place, with elapsed time and an estimate of the
 * time left, or plain lines every few seconds for log files. Driven by counts
 * ({@link #start}, {@link #advance}) or by a fraction ({@link #fraction}, {@link #update}), e.g.
 * log(t) / log(tMax) for an integrator. {@link #advance} may be called from several threads.
 *
 * <pre>
 * try (Progress p = Progress.start("empirical NTK", n, mode, err)) {
 *     for (...) { ...; p.advance(1); }
 * }
 * </pre>
 */
public final class Progress implements AutoCloseable {
    /** How progress is shown; AUTO is a bar when there is a terminal and nothing otherwise. */
    public enum Mode { AUTO, BAR, PLAIN, OFF }

    static final long BAR_INTERVAL_NANOS = 200_000_000L;      // at most five redraws a second
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L; // a line every ten seconds in logs
    private static final int BAR_CELLS = 30;

    private final String label;
    private final long total;
    private final Mode mode;
    private final PrintWriter err;
    private final LongSupplier clock;
    private final long startNanos;
    private final AtomicLong count = new AtomicLong();
    private volatile double fraction;
    private volatile String message = "";
    private volatile long lastShownNanos;
    private int lastLineLength;
    private boolean closed;

    Progress(String label, long total, Mode mode, PrintWriter err, LongSupplier clock) {
        this.label = label;
        this.total = total;
        this.mode = mode;
        this.err = err;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastShownNanos = startNanos;
        if (mode != Mode.OFF) {
            show(startNanos);
        }
    }

    /** Progress over {@code total} units of work (total > 0). */
    public static Progress start(String label, long total, Mode mode, PrintWriter err) {
        if (total < 1) {
            throw new IllegalArgumentException("progress total must be at least 1, got " + total);
        }
        return new Progress(label, total, resolve(mode), err, System::nanoTime);
    }

    /** Progress reported as a fraction in [0, 1] through {@link #update}. */
    public static Progress fraction(String label, Mode mode, PrintWriter err) {
        return new Progress(label, 0, resolve(mode), err, System::nanoTime);
    }

    private static Mode resolve(Mode mode) {
        if (mode == Mode.AUTO) {
            // no console means stdin or stdout is redirected: a script or a log, where \r redraws are noise
            return System.console() != null ? Mode.BAR : Mode.OFF;
        }
        return mode;
    }

    /** Records {@code units} more units of work done. */
    public void advance(long units) {
        long done = count.addAndGet(units);
        fraction = Math.min(1.0, (double) done / total);
        maybeShow();
    }

    /** Sets the fraction done, for progress not counted in units. */
    public void update(double fractionDone) {
        fraction = Double.isFinite(fractionDone) ? Math.max(0.0, Math.min(1.0, fractionDone)) : 0.0;
        maybeShow();
    }

    /** A short note shown after the numbers, such as the current stage or the time reached. */
    public void message(String text) {
        message = text == null ? "" : text;
        maybeShow();
    }

    /** Final display: the bar at its end and a line break. Called by {@link #close}. */
    public synchronized void done() {
        if (closed || mode == Mode.OFF) {
            closed = true;
            return;
        }
        closed = true;
        long now = clock.getAsLong();
        if (mode == Mode.BAR) {
            render(now, true);
            err.println();
        } else {
            err.println(label + ": done in " + duration(now - startNanos));
        }
        err.flush();
    }

    @Override
    public void close() {
        done();
    }

    private void maybeShow() {
        if (mode == Mode.OFF) {
            return;
        }
        long now = clock.getAsLong();
        long interval = mode == Mode.BAR ? BAR_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
        if (now - lastShownNanos >= interval) {
            show(now);
        }
    }

    private synchronized void show(long now) {
        if (closed) {
            return;
        }
        lastShownNanos = now;
        if (mode == Mode.BAR) {
            render(now, false);
        } else {
            err.println(label + ": " + status(now, fraction));
        }
        err.flush();
    }

    private void render(long now, boolean finished) {
        double f = finished && total > 0 ? (double) count.get() / total : fraction;
        int filled = (int) Math.round(Math.min(1.0, f) * BAR_CELLS);
        String line = label + " [" + "#".repeat(filled) + ".".repeat(BAR_CELLS - filled) + "] " + status(now, f);
        // pad with spaces so a shorter line fully covers the previous one
        String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
        lastLineLength = line.length();
        err.print("\r" + line + padding);
    }

    /** "42% 21/50 elapsed 0:12 left 0:17 message". */
    String status(long now, double f) {
        long elapsed = now - startNanos;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * f)));
        if (total > 0) {
            s.append(' ').append(count.get()).append('/').append(total);
        }
        s.append(" elapsed ").append(duration(elapsed));
        s.append(" left ").append(f > 0 && f < 1 ? duration((long) (elapsed * (1 - f) / f)) : f >= 1 ? "0:00" : "?");
        if (!message.isEmpty()) {
            s.append("  ").append(message);
        }
        return s.toString();
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String duration(long nanos) {
        long seconds = Math.max(0, nanos / 1_000_000_000L);
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
