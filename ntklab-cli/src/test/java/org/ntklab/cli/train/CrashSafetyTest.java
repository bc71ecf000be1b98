package org.ntklab.cli.train;

import org.ntklab.train.TrainingConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunLock;
import org.ntklab.io.AtomicFiles;
import org.ntklab.train.Checkpoint;
import org.ntklab.train.MetricsLog;

/**
 * Issue 19 in-process: the run directory at --out from the start, the lock against a second writer,
 * sizes refused before anything is allocated, write failures (an injected full disk), dead networks.
 * The real-process kill test is {@link TrainKillTest}.
 */
class CrashSafetyTest {
    @TempDir
    Path tmp;

    static final String[] SMALL = {
        "train", "--arch", "fcn", "--depth", "2", "--width", "16", "--loss", "ce", "--data", "circle:n=6",
        "--t-max", "1000", "--seed", "3", "--observations-per-decade", "2", "-q"};

    static Cli.Result train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @AfterEach
    void noInjectedFailures() {
        AtomicFiles.failWrites(null);
    }

    static String status(Path run) throws IOException {
        return Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("results").get("status").asText();
    }

    /** metrics.csv without the wall time, which measures the machine. */
    static List<String> metricsWithoutWallTime(Path run) {
        int wall = MetricsLog.column("wall_seconds");
        List<String> rows = new ArrayList<>();
        for (double[] row : MetricsLog.read(run.resolve("metrics.csv"))) {
            row[wall] = 0;
            rows.add(java.util.Arrays.toString(row));
        }
        return rows;
    }

    /** Files whose name starts with a dot (temporary files, hidden partial runs) or the lock, anywhere below dir. */
    static List<Path> hiddenOrTemporary(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir))
                    .filter(p -> p.getFileName().toString().startsWith(".")
                            || p.getFileName().toString().endsWith(".tmp")
                            || p.getFileName().toString().equals(RunLock.FILE_NAME)).toList();
        }
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolderNamed() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(ExitCodes.OK, train(run).exitCode());
        try (RunLock held = RunLock.acquire(run.toAbsolutePath(), "test")) {
            assertTrue(Files.readString(run.resolve(RunLock.FILE_NAME)).contains("pid " + ProcessHandle.current().pid()));
            Cli.Result second = Cli.run("train", "--resume", run.toString(), "-q");
            assertEquals(ExitCodes.USAGE, second.exitCode(), second.err());
            assertTrue(second.err().contains("being written by another process (pid "
                    + ProcessHandle.current().pid()), second.err());
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE_NAME)), "released locks leave no file");
        Cli.Result after = Cli.run("train", "--resume", run.toString(), "-q");
        assertEquals(ExitCodes.OK, after.exitCode(), after.err());
        assertEquals(List.of(), hiddenOrTemporary(tmp));
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointRestartsFromRunJsonAndLeftoversGo() throws IOException {
        Path reference = tmp.resolve("reference");
        assertEquals(ExitCodes.OK, train(reference).exitCode());
        Path run = tmp.resolve("run");
        assertEquals(ExitCodes.OK, train(run).exitCode());
        // as a SIGKILL before step 0's checkpoint leaves it: run.json only (status running), a stale lock
        // file and a writer's temporary file
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("run.json")) {
                    Files.delete(f);
                }
            }
        }
        Files.writeString(run.resolve(RunLock.FILE_NAME), "pid 1 on elsewhere since then\n");
        Files.writeString(run.resolve(".metrics.jsonl.abc123.tmp"), "half a row");
        Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "-q");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals("complete", status(run));
        assertEquals(metricsWithoutWallTime(reference), metricsWithoutWallTime(run));
        assertEquals(Files.readString(reference.resolve("outputs.csv")), Files.readString(run.resolve("outputs.csv")));
        assertEquals(List.of(), hiddenOrTemporary(tmp));

        // killed after the step-0 checkpoint, before the Gram matrices were written: resume writes them
        for (String file : new String[] {"ntk_analytic.npy", "ntk_initial.npy"}) {
            Files.delete(run.resolve(file));
        }
        assertEquals(ExitCodes.OK, Cli.run("train", "--resume", run.toString(), "-q").exitCode());
        for (String file : new String[] {"ntk_analytic.npy", "ntk_initial.npy"}) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(reference.resolve(file)),
                    Files.readAllBytes(run.resolve(file))), file);
        }
    }

    @Test
    void aNewRunHasItsCheckpointAtStepZero() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(ExitCodes.OK, train(run).exitCode());
        // the core writes one before training: a run killed in its first seconds resumes from it
        Path fresh = tmp.resolve("fresh");
        org.ntklab.train.TrainingRun.start(org.ntklab.train.TrainingConfig.defaults(
                "fcn", 1, 8, 1.0, "circle:n=6", "ce").with("seed", 1L), fresh);
        Checkpoint checkpoint = Checkpoint.read(fresh.resolve(Checkpoint.FILE_NAME));
        assertEquals(0, checkpoint.metricsRows());
    }

    @Test
    void impossibleSizesAreRefusedBeforeAnythingIsAllocated() throws IOException {
        String[][] cases = {
            {"train", "--arch", "fcn", "--depth", "2", "--width", "1000000000", "--data", "circle:n=6", "--seed", "1"},
            {"train", "--arch", "fcn", "--depth", "2", "--width", "20000", "--data", "circle:n=6", "--seed", "1"},
            {"train", "--arch", "resnet", "--depth", "2", "--width", "30000", "--data", "circle:n=6", "--seed", "1"},
            {"train", "--arch", "fcn", "--depth", "2", "--width", "16", "--data", "circle:n=1000000000", "--seed", "1"},
            {"train", "--arch", "fcn", "--depth", "2", "--width", "16", "--data", "circle:n=200000", "--seed", "1"},
            {"train", "--arch", "fcn", "--depth", "2", "--width", "16", "--data", "sphere:d=1000000000,n=10", "--seed", "1"},
            {"kernel", "--arch", "fcn", "--depth", "2", "--width", "1000000000", "--data", "circle:n=6", "--seed", "1"},
            {"kernel", "--arch", "fcn", "--depth", "1", "--width", "8", "--data", "circle:n=1000000000", "--seed", "1"},
            {"kernel", "--arch", "fcn", "--depth", "1", "--width", "8", "--data", "sphere:d=1000000000,n=10", "--seed", "1"},
            {"reproduce", "synthetic", "--widths", "1000000000"},
        };
        for (String[] args : cases) {
            List<String> withOut = new ArrayList<>(List.of(args));
            withOut.addAll(List.of("--out", tmp.resolve("out").toString(), "-q"));
            long start = System.nanoTime();
            Cli.Result result = Cli.run(withOut.toArray(String[]::new));
            double seconds = (System.nanoTime() - start) / 1e9;
            String line = String.join(" ", args);
            assertEquals(ExitCodes.USAGE, result.exitCode(), line + ": " + result.err());
            assertTrue(result.err().contains("too large for this"), line + ": " + result.err());
            assertTrue(result.err().matches("(?s).*need about [0-9.]+ [A-Za-z]+ of .*"), "the numbers: " + result.err());
            System.out.printf("refused in %.3f s: %s%n", seconds, line);
        }
        Cli.Result zero = Cli.run("kernel", "--arch", "fcn", "--depth", "1", "--width", "8", "--data", "csv:/dev/zero",
                "--seed", "1", "--out", tmp.resolve("out").toString());
        assertEquals(ExitCodes.USAGE, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("/dev/zero: not a regular file"), zero.err());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void aFullDiskWhileDrawingTheReportLeavesAnIncompleteRunThatResumeCompletes() throws IOException {
        Path run = tmp.resolve("run");
        AtomicFiles.failWrites(p -> p.getFileName().toString().equals("report.html"));
        Cli.Result failed = train(run);
        assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed.err());
        assertEquals(1, failed.errLines().length, "one line: " + failed.err());
        assertTrue(failed.err().contains("No space left on device") && failed.err().contains("report.html"), failed.err());
        assertTrue(failed.err().contains("ntklab train --resume " + run), failed.err());
        assertFalse(failed.err().contains("Exception"), failed.err());
        assertEquals("incomplete", status(run));
        assertFalse(Files.exists(run.resolve("report.html")));

        AtomicFiles.failWrites(null);
        Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "-q");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals("complete", status(run));
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        assertEquals(List.of(), hiddenOrTemporary(tmp));
    }

    @Test
    void aFullDiskDuringTrainingFailsTheRunAndResumeEndsItAsIfNothingHappened() throws IOException {
        Path reference = tmp.resolve("reference");
        assertEquals(ExitCodes.OK, train(reference).exitCode());

        Path run = tmp.resolve("run");
        AtomicInteger writes = new AtomicInteger();
        // the sixth write of metrics.jsonl fails: metrics.csv has a row more than the checkpoint knows
        AtomicFiles.failWrites(p -> p.getFileName().toString().equals("metrics.jsonl") && writes.incrementAndGet() == 6);
        Cli.Result failed = train(run, "--checkpoint-seconds", "1e-6");
        assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed.err());
        assertEquals(1, failed.errLines().length, "one line: " + failed.err());
        assertTrue(failed.err().contains("No space left on device"), failed.err());
        assertEquals("failed", status(run));

        AtomicFiles.failWrites(null);
        Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "-q");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals("complete", status(run));
        assertEquals(metricsWithoutWallTime(reference), metricsWithoutWallTime(run));
        assertEquals(Files.readString(reference.resolve("outputs.csv")), Files.readString(run.resolve("outputs.csv")));
        assertEquals(List.of(), hiddenOrTemporary(tmp));
    }

    @Test
    void aDeadNetworkStopsWithANamedError() throws IOException {
        Path run = tmp.resolve("dead");
        // one gradient descent step at lr 100 pushes every pre-activation of a layer below zero
        Cli.Result result = Cli.run("train", "--arch", "fcn", "--depth", "2", "--width", "16", "--loss", "ce",
                "--data", "circle:n=6", "--seed", "1", "--integrator", "gd", "--lr", "100", "--t-max", "1e4",
                "--out", run.toString(), "-q");
        assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
        assertTrue(result.err().contains("every ReLU of a hidden layer is dead"), result.err());
        assertEquals("failed", status(run));
    }

    @Test
    void theInterruptedRunsMessageNamesTheCommandThatResumesIt() {
        assertEquals("ntklab train --resume runs/b", TrainCommand.resumeCommand(Path.of("runs/b")));
        assertEquals("ntklab train --resume 'my runs/it'\\''s'", TrainCommand.resumeCommand(Path.of("my runs/it's")));
    }

    @Test
    void specFilesRefuseDuplicateKeysStringNumbersAndSayWhereInOneLine() throws IOException {
        Path dup = Files.writeString(tmp.resolve("dup.json"),
                "{\"arch\": \"fcn\", \"depth\": 1, \"depth\": 2, \"width\": 4, \"data\": \"circle:n=6\", \"seed\": 1}");
        Path text = Files.writeString(tmp.resolve("text.json"),
                "{\"arch\": \"fcn\", \"depth\": \"1\", \"width\": 4, \"data\": \"circle:n=6\", \"seed\": 1}");
        Path yamlDup = Files.writeString(tmp.resolve("dup.yaml"), "arch: fcn\ndepth: 1\ndepth: 2\nwidth: 4\n");
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "arch: fcn\ndepth: [1\nwidth: 3\n");
        Path escape = Files.writeString(tmp.resolve("escape.yaml"), "arch: \"fcn\\e[2J\"\ndepth: 1\nwidth: 4\n"
                + "data: circle:n=6\nseed: 1\n");
        String[][] expected = {{dup.toString(), "Duplicate field 'depth'"}, {text.toString(), "'depth' must be an integer"},
            {yamlDup.toString(), "Duplicate field 'depth'"}, {broken.toString(), "line 3 column 6"},
            {escape.toString(), "\\e[2"}};
        for (String[] e : expected) {
            Cli.Result result = Cli.run("kernel", "--spec", e[0], "--out", tmp.resolve("out").toString());
            assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
            assertEquals(2, result.errLines().length, "one line and the help hint: " + result.err());
            assertTrue(result.errLines()[0].contains(e[1]), result.err());
            assertTrue(result.err().chars().noneMatch(c -> c == 0x1b), "no raw escape: " + result.err());
        }
    }
}
