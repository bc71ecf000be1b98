package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.io.Npy;

/**
 * {@code ntklab reproduce synthetic --quick} end to end, once for the class: every artefact the
 * report claims exists and parses, the figures are not blank, and the verdicts agree with the
 * metrics, recomputed here straight from the sub-runs' CSV files.
 */
class ReproduceCommandTest {
    @TempDir
    static Path tmp;

    static Path out;
    static Cli.Result result;

    @BeforeAll
    static void reproduce() {
        out = tmp.resolve("quick");
        result = Cli.run("reproduce", "synthetic", "--quick", "--out", out.toString());
    }

    @Test
    void succeedsAndPrintsTheVerdictTable() {
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("item"), result.out());
        assertTrue(result.out().contains("claims held (quick mode"), result.out());
        assertTrue(result.out().contains("Does divergence need ReLU? Under cross-entropy"), result.out());
        assertTrue(result.out().strip().endsWith("run directory: " + out.toAbsolutePath().normalize()), result.out());
    }

    @Test
    void writesEveryArtefact() throws IOException {
        Plan plan = Plan.of(ReproduceConfig.of("synthetic", true, null, null));
        for (String file : List.of("run.json", "report.html", Analysis.VERDICTS_FILE, Analysis.SWEEP_FILE,
                "lambda-depth-circle.csv", AnalyticTasks.DISTANCE_FILE, AnalyticTasks.INIT_PROFILE_FILE,
                ActivationStudy.FILE)) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        List<String> figures = new ArrayList<>(List.of("lambda-depth-circle", "lambda-distance", "fig1-outputs",
                "fig2-kernel-init", "fig3-kernel-training", "fig3-kernel-long", "activation-d-inf"));
        for (String sweep : List.of("fcn", "resnet")) {
            for (String figure : List.of("growth", "lambda-min", "d-inf", "sup-d-inf", "kernel-gap", "divergence-time")) {
                figures.add(sweep + "-" + figure);
            }
        }
        String html = Files.readString(out.resolve("report.html"));
        for (String figure : figures) {
            Path png = out.resolve(figure + ".png");
            assertTrue(Files.isRegularFile(png), figure + ".png missing");
            assertTrue(Files.readString(out.resolve(figure + ".svg")).contains("<svg"), figure + ".svg");
            assertTrue(distinctColours(png) > 30, figure + ".png looks blank");
            assertTrue(html.contains("href=\"" + figure + ".svg\""), figure + " not in the report");
        }
        // every sub-run is a complete train run directory
        List<String> runs = new ArrayList<>(List.of(plan.fig1RunName()));
        for (Plan.Sweep sweep : plan.sweeps) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : sweep.widths()) {
                    for (long seed : sweep.seeds()) {
                        runs.add(sweep.runName(loss, width, seed));
                    }
                }
            }
        }
        // and the study "Does divergence need ReLU?": every activation, both losses
        ActivationStudy.Design study = plan.activationStudy;
        assertEquals(ReproduceConfig.STUDY_ACTIVATIONS, study.activations());
        for (String activation : study.activations()) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : study.widths()) {
                    for (long seed : study.seeds()) {
                        String name = study.runName(activation, loss, width, seed);
                        runs.add(name);
                        assertEquals(activation, RunRecord.read(out.resolve("runs").resolve(name).resolve("run.json"))
                                .config().get("activation").asText(), name);
                    }
                }
            }
        }
        try (var listed = Files.list(out.resolve("runs"))) {
            assertEquals(runs.size(), listed.count(), "sub-runs");
        }
        CsvFile table = CsvFile.read(out.resolve(ActivationStudy.FILE));
        assertEquals(2 * study.activations().size() * study.widths().size() * study.seeds().size(), table.rows());
        assertTrue(html.contains("Does divergence need ReLU?"));
        for (String name : runs) {
            Path run = out.resolve("runs").resolve(name);
            RunRecord record = RunRecord.read(run.resolve("run.json"));
            assertEquals("train", record.kind());
            assertEquals("complete", record.results().get("status").asText(), name);
            for (String file : List.of("metrics.csv", "outputs.csv", "checkpoint.bin", "report.html", "growth.png")) {
                assertTrue(Files.isRegularFile(run.resolve(file)), name + "/" + file);
            }
            assertEquals(6, Npy.readMatrix(run.resolve("ntk_analytic.npy")).rows());
            assertTrue(CsvFile.read(run.resolve("metrics.csv")).rows() > 5, name);
        }
        assertTrue(CsvFile.read(out.resolve("runs").resolve(plan.fig1RunName()).resolve("kernel-profile.csv"))
                .header().contains("t=0.0"));
    }

    @Test
    void verdictsAgreeWithTheMetrics() throws IOException {
        CsvFile verdicts = CsvFile.read(out.resolve(Analysis.VERDICTS_FILE));
        List<String> claims = verdicts.text("claim");
        List<String> said = verdicts.text("verdict");
        assertTrue(claims.size() >= 20, "claims: " + claims.size());

        // recomputed here from the raw metrics.csv of each sub-run, independently of Analysis
        boolean growsAtEveryWidth = true;
        boolean flatAtEveryWidth = true;
        for (int width : List.of(16, 64)) {
            double[] ce = column(out.resolve("runs/fcn-ce-m" + width + "-s1/metrics.csv"), "d_inf");
            growsAtEveryWidth &= ce[ce.length - 1] >= 5 * ce[0];
            double[] mse = column(out.resolve("runs/fcn-mse-m" + width + "-s1/metrics.csv"), "d_inf");
            double sup = 0;
            for (double d : mse) {
                sup = Math.max(sup, d);
            }
            flatAtEveryWidth &= sup <= 2 * mse[0];
        }
        assertEquals(growsAtEveryWidth ? "held" : "did not hold",
                said.get(indexOf(claims, "D_inf(t_max) >= 5 D_inf(0) [FCN")), "D_inf under cross-entropy");
        assertEquals(flatAtEveryWidth ? "held" : "did not hold",
                said.get(indexOf(claims, "sup_t D_inf <= 2 D_inf(0) at every width [FCN")), "D_inf under squared loss");

        // the same verdicts, in the same order, in run.json, on the console and in the report
        JsonNode recorded = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("results").get("verdicts");
        assertEquals(claims.size(), recorded.size());
        String html = Files.readString(out.resolve("report.html"));
        int from = 0;
        for (int i = 0; i < claims.size(); i++) {
            assertEquals(said.get(i).equals("held"), recorded.get(i).get("held").asBoolean(), claims.get(i));
            String cell = "<td class=\"" + (said.get(i).equals("held") ? "held" : "failed") + "\">" + said.get(i);
            int at = html.indexOf(cell, from);
            assertTrue(at > 0, "report verdict " + i + " " + claims.get(i));
            from = at + 1;
        }
        long held = said.stream().filter("held"::equals).count();
        assertTrue(result.out().contains(held + " of " + claims.size() + " claims held"), result.out());
    }

    @Test
    void reportRedrawsTheSameVerdicts() throws IOException {
        String before = Files.readString(out.resolve(Analysis.VERDICTS_FILE));
        Files.delete(out.resolve("report.html"));
        Cli.Result again = Cli.run("report", out.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertEquals(before, Files.readString(out.resolve(Analysis.VERDICTS_FILE)));
    }

    @Test
    void unknownExperimentIsBadUsage() {
        Cli.Result bad = Cli.run("reproduce", "cifar", "--out", tmp.resolve("never").toString());
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("synthetic, mnist, all, paper or scaling"), bad.err());
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

    /** A column of a CSV file read with nothing but String.split. */
    private static double[] column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int k = List.of(lines.get(0).split(",")).indexOf(name);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[k])).toArray();
    }

    static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
