package org.ntklab.sweep;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainResults;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.Checkpoint;
import org.ntklab.train.TrainingConfig;

/**
 * One cell of a sweep: a train run named by its configuration, which it carries as JSON (what
 * Spark ships to an executor must be serializable; TrainingConfig is a plain record).
 */
public record Cell(String name, String configJson) implements Serializable {
    /** Run statuses after which a cell is done: it reached t-max, or its step budget (a rerun would stop there too). */
    static final Set<String> FINISHED = Set.of(TrainResults.COMPLETE, TrainResults.STOPPED);

    public TrainingConfig config() {
        try {
            return Json.MAPPER.readValue(configJson, TrainingConfig.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cell " + name + ": unreadable configuration: " + e.getMessage(), e);
        }
    }

    public Path dir(Path root) {
        return root.resolve(name);
    }

    /**
     * The configuration recorded in the run.json of a finished run under this cell's name, when it
     * is not this cell's (the spec was edited since): such a run must not pass for the cell.
     * Null when it matches or there is no finished run.
     */
    public TrainingConfig conflictingConfig(Path root) {
        if (!finishedIn(root)) {
            return null;
        }
        TrainingConfig recorded;
        try {
            recorded = RunRecord.read(dir(root).resolve(RunRecord.FILE_NAME)).config(TrainingConfig.class);
        } catch (RuntimeException e) {
            return null;
        }
        return recorded.equals(config()) ? null : recorded;
    }

    /**
     * Whether the cell's directory holds an unfinished run of this cell's configuration with a
     * checkpoint (a sweep killed while the cell trained, or a cell that failed): the next sweep
     * continues it from there instead of starting again. A run of another configuration is not.
     */
    public boolean resumableIn(Path root) {
        Path dir = dir(root);
        if (finishedIn(root) || !Files.isRegularFile(dir.resolve(Checkpoint.FILE_NAME))) {
            return false;
        }
        try {
            RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
            return TrainSession.KIND.equals(record.kind()) && record.config(TrainingConfig.class).equals(config());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code dir} holds this cell's finished run: a train run.json whose status is complete
     * (or stopped at the step budget) and its metrics.csv. Anything else is redone.
     */
    public boolean finishedIn(Path root) {
        Path dir = dir(root);
        if (!Files.isRegularFile(dir.resolve(RunRecord.FILE_NAME)) || !Files.isRegularFile(dir.resolve(Metrics.FILE))) {
            return false;
        }
        try {
            RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
            return TrainSession.KIND.equals(record.kind()) && FINISHED.contains(record.results().path("status").asText());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
