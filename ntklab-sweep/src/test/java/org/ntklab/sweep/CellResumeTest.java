package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.cli.train.TrainResults;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.TrainingConfig;

/**
 * A cell whose training was cut off after some observations (as by a killed sweep) continues from
 * its checkpoint on the next sweep and ends with the metrics of an uninterrupted cell, row for row;
 * an unfinished run of another configuration under the cell's name is not continued but redone.
 */
class CellResumeTest {
    @TempDir
    Path tmp;

    private static final TrainingConfig CONFIG = TrainingConfig.defaults("fcn", 1, 16, "circle:n=6", "ce", 1)
            .with("t-max", 1e6).with("checkpoint-seconds", 1e-9);

    private static Cell cell(TrainingConfig config) {
        return new Cell("fcn-L1-m16-ce-s1", Json.MAPPER.valueToTree(config).toString());
    }

    /** Trains {@code config} under the cell's name in {@code root} until flow time 100, then stops as if killed. */
    private static void cutOff(Path root, TrainingConfig config) throws Exception {
        Path dir = cell(CONFIG).dir(root);
        Files.createDirectories(dir);
        TrainSession session = TrainSession.start(config, dir,
                RunRecorder.start(TrainSession.KIND, TrainCommand.arguments(config)));
        assertThrows(IllegalStateException.class, () -> session.run((t, tMax, steps) -> {
            if (t > 100) {
                throw new IllegalStateException("killed");
            }
        }, false));
        session.recordQuietly(TrainResults.INTERRUPTED, "interrupted"); // what the shutdown hook records
    }

    private static List<String> metrics(Path root) {
        return Sweeps.tableWithout(cell(CONFIG).dir(root).resolve(Metrics.FILE), List.of("wall_seconds"));
    }

    @Test
    void aCutOffCellContinuesToTheUninterruptedResult() throws Exception {
        Path reference = tmp.resolve("reference");
        assertEquals(CellOutcome.RAN, CellRunner.run(cell(CONFIG), reference, false).outcome());

        Path root = tmp.resolve("killed");
        cutOff(root, CONFIG);
        Cell cell = cell(CONFIG);
        assertFalse(cell.finishedIn(root));
        assertTrue(cell.resumableIn(root));
        int before = CsvFile.read(cell.dir(root).resolve(Metrics.FILE)).rows();
        int all = CsvFile.read(cell.dir(reference).resolve(Metrics.FILE)).rows();
        assertTrue(before > 3 && before < all, before + " of " + all + " observations before the cut");

        CellOutcome outcome = CellRunner.run(cell, root, false);
        assertEquals(CellOutcome.RESUMED, outcome.outcome(), String.valueOf(outcome.message()));
        assertTrue(cell.finishedIn(root));
        assertEquals(metrics(reference), metrics(root));
        assertEquals(TrainResults.COMPLETE,
                RunRecord.read(cell.dir(root).resolve(RunRecord.FILE_NAME)).results().path("status").asText());
        assertEquals(CellOutcome.SKIPPED, CellRunner.run(cell, root, false).outcome());
    }

    @Test
    void anUnfinishedRunOfAnotherConfigurationIsRedone() throws Exception {
        Path root = tmp.resolve("edited");
        TrainingConfig other = CONFIG.with("seed", 2L);
        cutOff(root, other);
        Cell cell = cell(CONFIG);
        assertFalse(cell.resumableIn(root));

        assertEquals(CellOutcome.RAN, CellRunner.run(cell, root, false).outcome());
        RunRecord record = RunRecord.read(cell.dir(root).resolve(RunRecord.FILE_NAME));
        assertEquals(CONFIG, record.config(TrainingConfig.class));
        Path reference = tmp.resolve("reference");
        CellRunner.run(cell, reference, false);
        assertEquals(metrics(reference), metrics(root));
        assertNotEquals(CONFIG, other);
    }
}
