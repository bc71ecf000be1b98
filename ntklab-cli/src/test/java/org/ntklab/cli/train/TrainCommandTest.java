package org.ntklab.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.ConfigResolver;
import org.ntklab.cli.run.Json;
import org.ntklab.train.TrainingConfig;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {
        "train", "--arch", "fcn", "--depth", "2", "--width", "16", "--loss", "ce", "--data", "circle:n=6",
        "--t-max", "100", "--seed", "1", "--observations-per-decade", "2"};

    private Cli.Result train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void writesTheRunDirectory() throws IOException {
        Path out = tmp.resolve("runs/ce");
        Cli.Result result = train(out);
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        for (String file : new String[] {"metrics.csv", "metrics.jsonl", "outputs.csv", "checkpoint.bin", "run.json",
                "report.html", "ntk_analytic.npy", "ntk_initial.npy", "ntk_final.npy"}) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        for (String figure : new String[] {TrainReport.GROWTH_FIGURE, TrainReport.DISTANCE_FIGURE,
                TrainReport.SPECTRUM_FIGURE, TrainReport.LOSS_FIGURE, TrainReport.GAP_FIGURE, TrainReport.OUTPUTS_FIGURE}) {
            assertTrue(Files.isRegularFile(out.resolve(figure + ".png")), figure + ".png missing");
            assertTrue(Files.isRegularFile(out.resolve(figure + ".svg")), figure + ".svg missing");
        }
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("train", run.get("kind").asText());
        assertEquals(16, run.get("config").get("width").asInt());
        assertEquals("circle:n=6,sectors=6,random=false,test=0,norm=unit", run.get("config").get("data").asText());
        assertEquals("complete", run.get("results").get("status").asText());
        assertEquals(100.0, run.get("results").get("t").asDouble());
        Metrics metrics = Metrics.read(out);
        assertEquals(100.0, metrics.lastT());
        assertEquals(0.0, metrics.first("t"));
        assertEquals(metrics.rows(), run.get("results").get("observations").asInt());
        assertTrue(result.out().contains("max_i |f(x_i)|"), result.out());
        assertTrue(result.out().contains("status: complete"), result.out());
        assertTrue(result.out().strip().endsWith("run directory: " + out.toAbsolutePath().normalize()), result.out());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Claims") && html.contains("data:image/png;base64,"), "report with claims and figures");

        // the report command redraws it
        Files.delete(out.resolve("report.html"));
        assertEquals(ExitCodes.OK, Cli.run("report", out.toString()).exitCode());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void resumeContinuesInPlace() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCodes.OK, train(out).exitCode());
        int rows = Metrics.read(out).rows();
        String before = Files.readString(out.resolve("metrics.csv"));

        Cli.Result resumed = Cli.run("train", "--resume", out.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals(rows, Metrics.read(out).rows(), "a finished run has nothing left to do");
        assertEquals(before, Files.readString(out.resolve("metrics.csv")));
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", run.get("results").get("status").asText());
        assertEquals(List.of(SMALL).subList(0, 3), List.of(run.get("arguments").get(0).asText(),
                run.get("arguments").get(1).asText(), run.get("arguments").get(2).asText()),
                "run.json keeps the command line that made the run");
    }

    @Test
    void resumeRefusesADirectoryWithoutCheckpoint() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Cli.Result result = Cli.run("train", "--resume", empty.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.err().contains("checkpoint.bin"), result.err());

        Cli.Result missing = Cli.run("train", "--resume", tmp.resolve("nothing").toString());
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("no such directory"), missing.err());
    }

    @Test
    void resumeTakesNoConfigurationOptions() {
        Cli.Result result = Cli.run("train", "--resume", tmp.toString(), "--width", "32");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.err().contains("--width cannot be given with it"), result.err());
    }

    @Test
    void numericalFailureIsExitCodeOneAndKeepsTheMetrics() throws IOException {
        Path out = tmp.resolve("diverged");
        // squared loss with a learning rate far beyond stability: the residual overflows within a few steps
        Cli.Result result = Cli.run("train", "--arch", "fcn", "--depth", "2", "--width", "16", "--loss", "mse",
                "--data", "circle:n=6", "--seed", "1", "--integrator", "gd", "--lr", "100", "--t-max", "1e4",
                "--out", out.toString());
        assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
        assertTrue(result.err().contains("non-finite"), result.err());
        assertTrue(result.err().contains("at step"), result.err());
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("failed", run.get("results").get("status").asText());
        assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));
    }

    @Test
    void badOptionsAreBadUsageAndWriteNothing() throws IOException {
        Path out = tmp.resolve("bad");
        for (String[] bad : new String[][] {{"--loss", "hinge"}, {"--reduction", "max"}, {"--t-max", "-1"},
                {"--first-observation", "1000"}, {"--integrator", "rk4"}, {"--data", "circle:n=5"}}) {
            Cli.Result result = train(out, bad);
            assertEquals(ExitCodes.USAGE, result.exitCode(), String.join(" ", bad) + ": " + result.err());
            assertTrue(result.err().contains(bad[0]) || result.err().contains("circle"), result.err());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void specFileRepeatsARunAndOptionsOverrideIt() throws IOException {
        Path first = tmp.resolve("first");
        assertEquals(ExitCodes.OK, train(first).exitCode());
        Path second = tmp.resolve("second");
        Cli.Result result = Cli.run("train", "--spec", first.resolve("run.json").toString(), "--loss", "mse",
                "--out", second.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        JsonNode a = Json.MAPPER.readTree(first.resolve("run.json").toFile()).get("config");
        ObjectNode b = (ObjectNode) Json.MAPPER.readTree(second.resolve("run.json").toFile()).get("config");
        assertEquals("mse", b.get("loss").asText());
        b.put("loss", "ce");
        assertEquals(a, b, "everything else as in the spec");
    }

    @Test
    void optionDefaultsAreTheCoresDefaults() {
        CommandLine commandLine = new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.parseArgs("--arch", "resnet", "--depth", "3", "--width", "8", "--data", "circle:n=6", "--seed", "5");
        TrainingConfig resolved = ConfigResolver.resolve(commandLine.getCommandSpec(), TrainingConfig.class, null);
        TrainingConfig core = TrainingConfig.defaults("resnet", 3, 8, 1.0, "circle:n=6", "ce").with("seed", 5L);
        assertEquals(core, resolved);
        String help = commandLine.getUsageMessage();
        assertTrue(help.contains("Default: " + core.stationaryTol()), "the help shows the core's defaults");
    }
}
