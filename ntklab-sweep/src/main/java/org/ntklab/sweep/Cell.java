package org.ntklab.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.TrainingConfig;

/**
 * One cell of a sweep: a train run named by its configuration, which it carries as JSON (what
 * Spark ships to an executor must be serializable; TrainingConfig is a plain record).
 */
public record Cell(String name, String configJson) implements Serializable {
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
        TrainingConfig recorded = TrainSession.recordedConfig(dir(root));
        return recorded == null || TrainSession.sameRun(recorded, config()) ? null : recorded;
    }

    /**
     * Whether the cell's directory holds an unfinished run of this cell's configuration with a
     * checkpoint (a sweep killed while the cell trained, or a cell that failed): the next sweep
     * continues it from there instead of starting again. A run of another configuration is not.
     */
    public boolean resumableIn(Path root) {
        return TrainSession.resumableIn(dir(root), config());
    }

    /** Whether the cell's directory holds a finished train run (see {@link TrainSession#finishedIn}). */
    public boolean finishedIn(Path root) {
        return TrainSession.finishedIn(dir(root));
    }
}
