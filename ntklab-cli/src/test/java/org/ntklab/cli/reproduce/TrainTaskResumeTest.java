package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.TrainingConfig;

/**
 * A sub-run of a resumed reproduction is the same run as an 'ntklab train' run of its configuration,
 * although train records the data spec in canonical form ("circle:n=6,sectors=6,...") and the plan
 * does not: such a finished run is kept as it is, and one of another configuration is redone.
 */
class TrainTaskResumeTest {
    @TempDir
    Path tmp;

    private static TrainingConfig cell(int width) {
        ScalingPlan plan = ScalingPlan.of(true, List.of(1L), List.of("fcn1"));
        return plan.config(plan.parts().get(0), "ce", width, 1);
    }

    private void train(TrainingConfig config, Path out) {
        List<String> args = new ArrayList<>(TrainCommand.arguments(config)); // "train", then the options
        args.addAll(List.of("--out", out.toString(), "-q"));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    }

    @Test
    void aFinishedTrainRunOfTheCellIsKeptAndAnotherIsRedone() throws Exception {
        TrainingConfig config = cell(16);
        assertFalse(config.data().contains("sectors"), "the plan's spec is not canonical: " + config.data());
        Path dir = TrainTask.dir(tmp, "fcn1-ce-m16-s1");
        train(config, dir);
        TrainingConfig recorded = TrainSession.recordedConfig(dir);
        assertNotEquals(config, recorded, "train records the canonical data spec");
        assertTrue(TrainSession.sameRun(config, recorded));
        String metrics = Files.readString(dir.resolve("metrics.csv"));
        long modified = Files.getLastModifiedTime(dir.resolve("metrics.csv")).toMillis();

        TrainTask.plain("fcn1-ce-m16-s1", config, 1).run(tmp, f -> { });
        assertEquals(metrics, Files.readString(dir.resolve("metrics.csv")));
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("metrics.csv")).toMillis(), "kept, not redone");

        // another width under the same name is not this cell: redone with the cell's configuration
        Path other = TrainTask.dir(tmp, "fcn1-ce-m32-s1");
        train(cell(16), other);
        assertFalse(TrainSession.sameRun(cell(32), TrainSession.recordedConfig(other)));
        TrainTask.plain("fcn1-ce-m32-s1", cell(32), 1).run(tmp, f -> { });
        assertEquals(32, TrainSession.recordedConfig(other).width());
        // and the run that was there is not lost: kept aside, hidden from the analyses
        Path aside = other.resolveSibling(".fcn1-ce-m32-s1.superseded-1");
        assertEquals(16, TrainSession.recordedConfig(aside).width());
        assertTrue(TrainSession.finishedIn(aside));
    }

    @Test
    void aRunEndingAtADInfLevelReportsItsProgressByThatLevel() throws Exception {
                List<Double> reported = new ArrayList<>();
        TrainTask.plain("fcn1-ce-m16-s1", cell(16), 1).run(tmp, reported::add);
        double last = reported.get(reported.size() - 1);
        double tEnd = org.ntklab.cli.run.RunRecord.read(TrainTask.dir(tmp, "fcn1-ce-m16-s1").resolve("run.json"))
                .results().path("t").asDouble();
        double byTime = Math.log1p(tEnd) / Math.log1p(cell(16).tMax());
        // the observation before the last one is near the level (0.94 of it here); ln t says far less
        assertTrue(last > 0.7 && byTime < 0.5, "reported " + reported + "; by ln t " + byTime);
        for (int i = 1; i < reported.size(); i++) {
            assertTrue(reported.get(i) >= reported.get(i - 1), "progress went back: " + reported);
        }
    }

    @Test
    void aFinishedRecordingRunIsKeptAndItsMissingReportDrawn() throws Exception {
        TrainingConfig config = TrainingConfig.defaults("fcn", 1, 8, "circle:n=6", "ce", 1).with("t-max", 100.0);
        PaperReproduction.RecordingTask task = new PaperReproduction.RecordingTask("rec", config, 8, null, 1);
        assertFalse(task.done(tmp));
        task.run(tmp, f -> { });
        assertTrue(task.done(tmp));
        Path metrics = TrainTask.dir(tmp, "rec").resolve("metrics.csv");
        long modified = Files.getLastModifiedTime(metrics).toMillis();
        String rows = Files.readString(metrics);

        // killed between run.json and report.html: kept, and the report drawn
        Files.delete(TrainTask.dir(tmp, "rec").resolve("report.html"));
        assertFalse(task.done(tmp));
        task.run(tmp, f -> { });
        assertTrue(Files.isRegularFile(TrainTask.dir(tmp, "rec").resolve("report.html")));
        assertEquals(rows, Files.readString(metrics));
        assertEquals(modified, Files.getLastModifiedTime(metrics).toMillis(), "kept, not trained again");

        // without its recording the run is not what the task makes: trained again
        Files.delete(TrainTask.dir(tmp, "rec").resolve("kernel-profile.csv"));
        assertFalse(task.done(tmp));
        task.run(tmp, f -> { });
        assertTrue(task.done(tmp));
    }
}
