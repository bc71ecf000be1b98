package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.CsvFile;

/**
 * {@code reproduce scaling --from DIR} on a handful of small finished train runs: the pinned CSV
 * columns, a crossing time per run and level, the fits, and the report; and bad usage.
 */
class ScalingCommandTest {
    @TempDir
    Path tmp;

    @Test
    void analysesFinishedRunsIntoPinnedTables() throws Exception {
        Path runs = tmp.resolve("sweep");
        for (int width : new int[] {8, 16, 32, 64, 128}) {
            for (int seed : new int[] {1, 2}) {
                Cli.Result r = Cli.run("train", "--arch", "fcn", "--depth", "1", "--width", String.valueOf(width),
                        "--loss", "ce", "--data", "circle:n=6", "--t-max", "1e8", "--stop-at-d-inf", "3",
                        "--no-kernel-machine", "--seed", String.valueOf(seed), "-q",
                        "--out", runs.resolve("fcn1-ce-m" + width + "-s" + seed).toString());
                assertEquals(ExitCodes.OK, r.exitCode(), r.err());
            }
        }
        Path out = tmp.resolve("scaling");
        Cli.Result result = Cli.run("reproduce", "scaling", "--from", runs.toString(), "--out", out.toString(), "-q");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        CsvFile ttl = CsvFile.read(out.resolve(ScalingAnalysis.TIME_TO_LEVEL_FILE));
        assertEquals(List.of("arch", "depth", "alpha", "width", "seed", "level", "level_kind", "t_level"), ttl.header());
        assertEquals(10 * 9, ttl.rows(), "every run at 6 absolute and 3 relative levels");
        // a run stopped at D_inf >= 3 crossed level 1 at a finite time
        List<String> levels = ttl.text("level");
        List<String> times = ttl.text("t_level");
        boolean crossedOne = false;
        for (int i = 0; i < ttl.rows(); i++) {
            if (Double.parseDouble(levels.get(i)) == 1.0 && !times.get(i).isEmpty()) {
                // at m = 8 D_inf(0) may already be 1 or more: crossed at the first observation, t = 0
                assertTrue(Double.parseDouble(times.get(i)) >= 0);
                crossedOne |= Double.parseDouble(times.get(i)) > 0;
            }
        }
        assertTrue(crossedOne, "no crossing of level 1 after t = 0: " + levels.subList(0, 9) + " " + times.subList(0, 9));
        CsvFile fits = CsvFile.read(out.resolve(ScalingAnalysis.FITS_FILE));
        assertEquals(List.of("arch", "depth", "level", "model", "parameter", "estimate", "ci_low", "ci_high",
                "loo_error"), fits.header());
        assertTrue(fits.text("model").containsAll(List.of("power", "stretched-exp", "log-quadratic")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("What the measured law implies"));
        assertTrue(result.out().contains("claims held"), result.out());

        // what it cost: the runs' own wall times (the last wall_seconds of each metrics.csv), added up
        double sum = 0;
        double longest = 0;
        for (int width : new int[] {8, 16, 32, 64, 128}) {
            for (int seed : new int[] {1, 2}) {
                double[] wall = CsvFile.read(runs.resolve("fcn1-ce-m" + width + "-s" + seed).resolve("metrics.csv"))
                        .column("wall_seconds");
                sum += wall[wall.length - 1];
                longest = Math.max(longest, wall[wall.length - 1]);
            }
        }
        double[] hours = ScalingAnalysis.of(runs).totalAndLongestHours();
        assertEquals(sum / 3600, hours[0], 1e-12);
        assertEquals(longest / 3600, hours[1], 1e-12);
        assertTrue(sum > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("What it cost"));

        // 'ntklab report' draws it again from the runs
        Files.delete(out.resolve("report.html"));
        Cli.Result report = Cli.run("report", out.toString());
        assertEquals(ExitCodes.OK, report.exitCode(), report.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("What the measured law implies"));
    }

    @Test
    void badUsageIsRefusedBeforeAnythingIsWritten() {
        Path never = tmp.resolve("never");
        Cli.Result widths = Cli.run("reproduce", "scaling", "--widths", "64", "--out", never.toString());
        assertEquals(ExitCodes.USAGE, widths.exitCode());
        assertTrue(widths.err().contains("--widths does not apply to scaling"), widths.err());
        Cli.Result parts = Cli.run("reproduce", "scaling", "--parts", "cnn", "--out", never.toString());
        assertEquals(ExitCodes.USAGE, parts.exitCode());
        assertTrue(parts.err().contains("unknown part 'cnn'"), parts.err());
        Cli.Result from = Cli.run("reproduce", "synthetic", "--from", tmp.toString(), "--out", never.toString());
        assertEquals(ExitCodes.USAGE, from.exitCode());
        assertFalse(Files.exists(never));
        // a --from directory without runs is found out by the analysis: nothing is kept either
        Cli.Result empty = Cli.run("reproduce", "scaling", "--from", tmp.toString(), "--out", never.toString());
        assertEquals(ExitCodes.USAGE, empty.exitCode());
        assertTrue(empty.err().contains("holds no finished train runs"), empty.err());
        assertFalse(Files.exists(never));
    }
}
