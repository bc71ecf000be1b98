package org.ntklab.cli.common;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.ntklab.io.InvalidInputException;

/**
 * Progress of long work on stderr: a bar redrawn in place, with elapsed time and an estimate of the
 * time left, or plain lines for log files (one a minute, and one at every {@link #milestone} such
 * as a finished training run). Driven by counts
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
    /**
     * How progress is shown. AUTO is a bar when stderr is a terminal and plain lines when it is
     * redirected (as the {@code ./ntklab} launcher tells through {@link #STDERR_PROPERTY}); without
     * that property (the CLI run in-process: tests, Python) a bar when there is a console, else nothing.
     */
    public enum Mode { AUTO, BAR, PLAIN, OFF }

    /** Set by the launcher to "terminal" or "redirected": Java 17 cannot tell whether stderr is a terminal. */
    public static final String STDERR_PROPERTY = "ntklab.stderr";

    static final long BAR_INTERVAL_NANOS = 200_000_000L;      // at most five redraws a second
    static final long PLAIN_INTERVAL_NANOS = 60_000_000_000L; // a line a minute in logs, besides milestones
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
            throw new InvalidInputException("progress total must be at least 1, got " + total);
        }
        return new Progress(label, total, resolve(mode), err, System::nanoTime);
    }

    /** Progress reported as a fraction in [0, 1] through {@link #update}. */
    public static Progress fraction(String label, Mode mode, PrintWriter err) {
        return new Progress(label, 0, resolve(mode), err, System::nanoTime);
    }

    private static Mode resolve(Mode mode) {
        if (mode == Mode.AUTO) {
            String stderr = System.getProperty(STDERR_PROPERTY, "");
            if (stderr.equals("terminal")) {
                return Mode.BAR;
            }
            if (stderr.equals("redirected")) {
                // a log file: \r redraws would be noise there, but it must still show that work goes on
                return Mode.PLAIN;
            }
            // run in-process without the launcher: no console means a script, a test or a notebook
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

    /**
     * A piece of the work finished (a training run of a reproduction): the note is shown, and in
     * plain mode a line is written now, whatever the time since the last one.
     */
    public void milestone(String text) {
        message = text == null ? "" : text;
        if (mode == Mode.PLAIN) {
            show(clock.getAsLong());
        } else {
            maybeShow();
        }
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
