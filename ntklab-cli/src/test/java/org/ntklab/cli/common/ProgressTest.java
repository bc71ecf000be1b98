package org.ntklab.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void barShowsCountsElapsedAndTimeLeftAndRedrawsAtMostFiveTimesASecond() {
        Progress p = new Progress("train", 100, Progress.Mode.BAR, err, now::get);
        now.addAndGet(10 * SECOND);
        p.advance(25);
        String afterQuarter = text.toString();
        assertTrue(afterQuarter.endsWith("]  25% 25/100 elapsed 0:10 left 0:30"), afterQuarter);

        int redraws = text.toString().split("\r", -1).length;
        now.addAndGet(SECOND / 10);
        p.advance(1);
        p.advance(1);
        assertEquals(redraws, text.toString().split("\r", -1).length, "no redraw within 200 ms");

        now.addAndGet(SECOND);
        p.message("t = 1e12");
        assertTrue(text.toString().endsWith("t = 1e12"), text.toString());
        p.close();
        assertTrue(text.toString().endsWith("\n"), "done ends the line");
    }

    @Test
    void fractionDrivenPlainLinesOnceAMinute() {
        Progress p = new Progress("integrate", 0, Progress.Mode.PLAIN, err, now::get);
        now.addAndGet(20 * SECOND);
        p.update(0.25);
        now.addAndGet(40 * SECOND);
        p.update(0.5);
        p.done();
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length, text.toString());
        assertEquals("integrate:   0% elapsed 0:00 left ?", lines[0]);
        assertEquals("integrate:  50% elapsed 1:00 left 1:00", lines[1]);
        assertEquals("integrate: done in 1:00", lines[2]);
    }

    @Test
    void plainMilestonesWriteALineAtOnce() {
        Progress p = new Progress("reproduce", 0, Progress.Mode.PLAIN, err, now::get);
        now.addAndGet(5 * SECOND);
        p.update(0.1);
        p.milestone("1/10 done (fcn-ce-m32-s1 in 5.0 s)");
        String[] lines = text.toString().split("\n");
        assertEquals(2, lines.length, text.toString());
        assertEquals("reproduce:  10% elapsed 0:05 left 0:45  1/10 done (fcn-ce-m32-s1 in 5.0 s)", lines[1]);
    }

    @Test
    void offPrintsNothing() {
        try (Progress p = new Progress("x", 10, Progress.Mode.OFF, err, now::get)) {
            p.advance(10);
        }
        assertEquals("", text.toString());
    }

    @Test
    void durations() {
        assertEquals("0:07", Progress.duration(7 * SECOND));
        assertEquals("12:05", Progress.duration(725 * SECOND));
        assertEquals("2:00:01", Progress.duration(7201 * SECOND));
    }
}
