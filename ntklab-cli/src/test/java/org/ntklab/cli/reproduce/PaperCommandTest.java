package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.train.KernelRecordings;

/**
 * {@code ntklab reproduce paper --quick} end to end, once for the class: the sub-runs are the
 * planned gradient-descent and flow runs, every artefact exists, and verdicts recomputed here from
 * the raw CSV files agree with the table.
 */
class PaperCommandTest {
    @TempDir
    static Path tmp;

    static Path out;
    static Cli.Result result;
    static PaperPlan plan = PaperPlan.of(new PaperPlan.PaperConfig("paper", true, List.of(1L, 2L)));

    @BeforeAll
    static void reproduce() {
        out = tmp.resolve("paper");
        result = Cli.run("reproduce", "paper", "--quick", "--seeds", "1,2", "--out", out.toString());
    }

    @Test
    void succeedsWithEveryArtefact() throws IOException {
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.out().contains("claims held (quick mode"), result.out());
        for (String file : List.of("run.json", "report.html", PaperAnalysis.VERDICTS_FILE, PaperAnalysis.SEEDS_FILE,
                PaperAnalysis.FIG2_FILE)) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        String html = Files.readString(out.resolve("report.html"));
        for (String figure : List.of("fig1-outputs", "fig1-outputs-log", "fig2-kernel-init", "fig3-kernel-training",
                "fig4-mnist-pairs", "fig4-mnist-pairs-flow")) {
            assertTrue(ReproduceCommandTest.distinctColours(out.resolve(figure + ".png")) > 30, figure + " blank");
            assertTrue(html.contains("href=\"" + figure + ".svg\""), figure + " not in the report");
        }
        assertTrue(html.contains("data: circle:n=6,sectors=6,random=false,test=0,norm=unit"), "data spec in the header");
        for (String run : List.of("fig1-gd-s1", "fig1-gd-s2", "fig1-flow", "fig4-gd", "fig4-flow")) {
            assertTrue(Files.isRegularFile(out.resolve("runs").resolve(run).resolve("metrics.csv")), run);
        }
        assertTrue(Files.isRegularFile(out.resolve("runs/fig1-gd-s1").resolve(KernelRecordings.PROFILE_FILE)));
        assertFalse(Files.exists(out.resolve("runs/fig1-gd-s2").resolve(KernelRecordings.PROFILE_FILE)));
        JsonNode record = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("paper", record.get("config").get("experiment").asText());
        assertTrue(record.get("results").get("wall-seconds").asDouble() > 0);
    }

    @Test
    void gradientDescentRunsThePlannedSteps() {
        // t = rate x steps: the GD runs end at exactly the planned number of steps
        double[] steps = CsvFile.read(out.resolve("runs/fig1-gd-s1/metrics.csv")).column("step");
        assertEquals(plan.fig1Steps, (long) steps[steps.length - 1]);
        double[] t = CsvFile.read(out.resolve("runs/fig4-gd/metrics.csv")).column("t");
        double[] s4 = CsvFile.read(out.resolve("runs/fig4-gd/metrics.csv")).column("step");
        assertEquals(plan.fig4Steps, (long) s4[s4.length - 1]);
        assertEquals(plan.fig4Steps * PaperPlan.FIG4_RATE, t[t.length - 1]);
        // the first Fig. 4 observation after t = 0 is step 10, and no two observations share a step
        assertEquals(PaperPlan.FIG4_FIRST_STEP, (long) s4[1]);
        for (int k = 1; k < s4.length; k++) {
            assertTrue(s4[k] > s4[k - 1], "step " + s4[k] + " observed twice");
        }
        double[] seeds = CsvFile.read(out.resolve(PaperAnalysis.SEEDS_FILE)).column("max_abs_f");
        assertEquals(2, seeds.length);
    }

    @Test
    void verdictsAgreeWithTheRawFiles() throws IOException {
        CsvFile verdicts = CsvFile.read(out.resolve(PaperAnalysis.VERDICTS_FILE));
        List<String> titles = verdicts.text("claim");
        List<String> said = verdicts.text("verdict");

        // Fig. 1: GD against flow at the end, from outputs.csv
        double[][] gd = lastOutputs(out.resolve("runs/fig1-gd-s1/outputs.csv"));
        double[][] flow = lastOutputs(out.resolve("runs/fig1-flow/outputs.csv"));
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < 6; i++) {
            scale = Math.max(scale, Math.abs(gd[1][i]));
            diff = Math.max(diff, Math.abs(gd[1][i] - flow[1][i]));
        }
        assertEquals(diff <= PaperAnalysis.AGREEMENT * scale ? "held" : "did not hold",
                said.get(indexOf(titles, "outputs of gradient descent and of the time-rescaled flow")));

        // Fig. 4 (flow): moved by > 2x the initial distance, and changed by >= m^-1/2 over the last decade
        CsvFile pairs = CsvFile.read(out.resolve("runs/fig4-flow").resolve(KernelRecordings.PAIRS_FILE));
        double[] t = pairs.column("t");
        int last = t.length - 1;
        int before = FigureMeasures.indexNear(t, t[last] / 10);
        boolean held = true;
        for (int[] p : plan.pairs) {
            double[] k = FigureMeasures.smooth(pairs.column("k_" + p[0] + "_" + p[1]), plan.smoothing);
            double[] raw = pairs.column("k_" + p[0] + "_" + p[1]);
            double theta = pairs.column("theta_" + p[0] + "_" + p[1])[0];
            held &= Math.abs(raw[last] - theta) > 2 * Math.abs(raw[0] - theta);
            held &= Math.abs(k[last] - k[before]) / Math.abs(k[last]) >= 1 / Math.sqrt(plan.fig4Gd.width());
        }
        int fig4Flow = verdicts.text("item").indexOf("Fig. 4 (flow)");
        assertEquals(held ? "held" : "did not hold", said.get(fig4Flow));

        // the same verdicts in run.json, and again after 'ntklab report' redraws the report
        JsonNode recorded = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("results").get("verdicts");
        assertEquals(titles.size(), recorded.size());
        String before2 = Files.readString(out.resolve(PaperAnalysis.VERDICTS_FILE));
        Files.delete(out.resolve("report.html"));
        Cli.Result again = Cli.run("report", out.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.err());
        assertEquals(before2, Files.readString(out.resolve(PaperAnalysis.VERDICTS_FILE)));
    }

    @Test
    void widthsAreBadUsageForPaper() {
        Cli.Result bad = Cli.run("reproduce", "paper", "--quick", "--widths", "64", "--out",
                tmp.resolve("never").toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--widths does not apply to reproduce paper"), bad.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    private static int indexOf(List<String> claims, String fragment) {
        for (int i = 0; i < claims.size(); i++) {
            if (claims.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no claim containing '" + fragment + "' in " + claims);
    }

    /** {t, f_0..f_5} of the last row of outputs.csv, read with String.split. */
    private static double[][] lastOutputs(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        double[] f = new double[6];
        for (int i = 0; i < 6; i++) {
            f[i] = Double.parseDouble(last[header.indexOf("f_" + i)]);
        }
        return new double[][] {{Double.parseDouble(last[0])}, f};
    }
}
