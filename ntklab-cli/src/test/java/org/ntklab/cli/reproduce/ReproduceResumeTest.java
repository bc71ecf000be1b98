package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.RunRecord;

/**
 * A reproduction killed while its training runs are in flight, first by SIGTERM (run.json then
 * says interrupted) and, resumed, again by SIGKILL (it still says running), continues with
 * {@code reproduce --resume DIR} and ends with the time-to-level table of the uninterrupted
 * reproduction, digit for digit: finished sub-runs are kept, unfinished ones continue from their
 * checkpoints. And --resume refuses what it cannot continue.
 */
class ReproduceResumeTest {
    private static final String[] SMALL = {"reproduce", "scaling", "--quick", "--parts", "fcn2", "--seeds", "1",
        "--max-width", "32", "--jobs", "1", "--checkpoint-seconds", "0.05", "-q"};

    @TempDir
    Path tmp;

    private Process launch(Path log, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static List<String> with(String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of(more));
        return args;
    }

    /**
     * Waits until a training sub-run of {@code dir} is midway (its run.json says running, and this
     * process has written a checkpoint of it since it started, with observations before), and
     * kills at once. Fails if the reproduction ended first.
     */
    private static void killMidway(Process p, Path dir, Path log, boolean forcibly) throws Exception {
        long since = System.currentTimeMillis();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline && !midwayRun(dir, since)) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the reproduction ended before it could be killed midway: " + Files.readString(log));
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        p.waitFor(60, TimeUnit.SECONDS);
    }

    /**
     * Whether a sub-run of {@code dir} is unfinished with a checkpoint written after {@code since}
     * (milliseconds) and observations before it: continued from there, not from the start.
     */
    private static boolean midwayRun(Path dir, long since) throws IOException {
        Path runs = dir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return false;
        }
        try (Stream<Path> subRuns = Files.list(runs)) {
            for (Path r : subRuns.toList()) {
                try {
                    if (Files.isRegularFile(r.resolve(RunRecord.FILE_NAME)) && status(r).equals("running")
                            && Files.getLastModifiedTime(r.resolve("checkpoint.bin")).toMillis() > since
                            && Files.readAllLines(r.resolve("metrics.csv")).size() > 2) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // a file being replaced just now: look again
                }
            }
        }
        return false;
    }

    private static String status(Path dir) {
        return RunRecord.read(dir.resolve(RunRecord.FILE_NAME)).results().path("status").asText();
    }

    @Test
    void killedTwiceAndResumedEndsAsTheUninterruptedReproduction() throws Exception {
        Path whole = tmp.resolve("whole");
        Cli.Result uninterrupted = Cli.run(with("--out", whole.toString()).toArray(String[]::new));
        assertEquals(ExitCodes.OK, uninterrupted.exitCode(), uninterrupted.err());

        Path killed = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        killMidway(launch(log, with("--out", "killed")), killed, log, false);
        assertEquals(ReproductionDirectory.INTERRUPTED, status(killed), Files.readString(log));
        assertTrue(Files.readString(log).contains("ntklab reproduce --resume killed"), Files.readString(log));
        Cli.Result report = Cli.run("report", killed.toString());
        assertEquals(ExitCodes.USAGE, report.exitCode());
        assertTrue(report.err().contains("unfinished reproduction"), report.err());

        killMidway(launch(log, List.of("reproduce", "--resume", "killed", "-q")), killed, log, true);
        assertEquals(ReproductionDirectory.RUNNING, status(killed), "SIGKILL runs no hook");

        Cli.Result resumed = Cli.run("reproduce", "--resume", killed.toString(), "-q");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err() + Files.readString(log));
        assertEquals(Files.readString(whole.resolve(ScalingAnalysis.TIME_TO_LEVEL_FILE)),
                Files.readString(killed.resolve(ScalingAnalysis.TIME_TO_LEVEL_FILE)));
        for (String run : List.of("fcn2-ce-m16-s1", "fcn2-ce-m32-s1")) {
            Path a = whole.resolve("runs").resolve(run);
            Path b = killed.resolve("runs").resolve(run);
            assertEquals(Files.readAllLines(a.resolve("outputs.csv")), Files.readAllLines(b.resolve("outputs.csv")), run);
            assertEquals(Files.readString(a.resolve(TrainTask.DEVIATION_FILE)),
                    Files.readString(b.resolve(TrainTask.DEVIATION_FILE)), run);
        }
        assertEquals(RunRecord.read(whole.resolve(RunRecord.FILE_NAME)).results().path("held"),
                RunRecord.read(killed.resolve(RunRecord.FILE_NAME)).results().path("held"));
        assertFalse(Files.exists(killed.resolve("ntklab.lock")), "the finished reproduction released its lock");
        // three legs: killed by SIGTERM (recorded), by SIGKILL (its last record: running), and the last
        com.fasterxml.jackson.databind.JsonNode results = RunRecord.read(killed.resolve(RunRecord.FILE_NAME)).results();
        com.fasterxml.jackson.databind.JsonNode legs = results.path("legs");
        assertEquals(3, legs.size(), results.toString());
        assertEquals(List.of("interrupted", "running", "complete"),
                List.of(legs.get(0).path("status").asText(), legs.get(1).path("status").asText(),
                        legs.get(2).path("status").asText()));
        double sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode leg : legs) {
            sum += leg.path("seconds").asDouble();
        }
        assertTrue(legs.get(0).path("seconds").asDouble() > 0 && legs.get(2).path("seconds").asDouble() > 0);
        assertEquals(sum, results.path("wall-seconds-all-legs").asDouble(), 1e-9);
        // each run's wall time is its own, added over the legs it ran in (not 0 for the runs kept)
        com.fasterxml.jackson.databind.JsonNode taskSeconds = results.path("task-wall-seconds");
        assertTrue(taskSeconds.size() > 0, results.toString());
        taskSeconds.fields().forEachRemaining(e -> {
            double recorded = RunRecord.read(killed.resolve("runs").resolve(e.getKey()).resolve(RunRecord.FILE_NAME))
                    .results().path("training-wall-seconds").asDouble();
            assertTrue(recorded > 0, e.getKey());
            assertEquals(recorded, e.getValue().asDouble(), 0.0, e.getKey());
        });

        Cli.Result again = Cli.run("reproduce", "--resume", killed.toString());
        assertEquals(ExitCodes.USAGE, again.exitCode());
        assertTrue(again.err().contains("is finished"), again.err());
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws Exception {
        Cli.Result missing = Cli.run("reproduce", "--resume", tmp.resolve("nothing").toString());
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("not a reproduction's run directory"), missing.err());

        Path train = tmp.resolve("train");
        Cli.Result t = Cli.run("train", "--arch", "fcn", "--depth", "1", "--width", "8", "--loss", "ce", "--data",
                "circle:n=6", "--t-max", "10", "--seed", "1", "-q", "--out", train.toString());
        assertEquals(ExitCodes.OK, t.exitCode(), t.err());
        Cli.Result notReproduce = Cli.run("reproduce", "--resume", train.toString());
        assertEquals(ExitCodes.USAGE, notReproduce.exitCode());
        assertTrue(notReproduce.err().contains("a train run, not a reproduction"), notReproduce.err());

        Cli.Result mixed = Cli.run("reproduce", "scaling", "--quick", "--resume", train.toString());
        assertEquals(ExitCodes.USAGE, mixed.exitCode());
        assertTrue(mixed.err().contains("give only --resume DIR"), mixed.err());

        Cli.Result none = Cli.run("reproduce");
        assertEquals(ExitCodes.USAGE, none.exitCode());
        assertTrue(none.err().contains("missing EXPERIMENT"), none.err());
    }
}
