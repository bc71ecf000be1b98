package org.ntklab.train;

import java.nio.file.Files;
import java.nio.file.Path;

/** A training run in its own process, for the kill-and-resume tests: start if new, else resume. */
public final class ResumeMain {
    private ResumeMain() {
    }

    static TrainingConfig config() {
        TrainingConfig base = TrainingConfig.defaults("fcn", 2, 128, 1.0, "circle:n=6", "ce");
        // a checkpoint at every chance
        return base.with(java.util.Map.of("t-max", 1e24, "seed", 7, "checkpoint-seconds", 1e-9));
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        TrainingRun run = Files.exists(dir.resolve(Checkpoint.FILE_NAME))
                ? TrainingRun.resume(dir)
                : TrainingRun.start(config(), dir);
        run.run(TrainingRun.ProgressListener.NONE);
    }
}
