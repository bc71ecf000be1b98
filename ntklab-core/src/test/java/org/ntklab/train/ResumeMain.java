package org.ntklab.train;

import java.nio.file.Files;
import java.nio.file.Path;

/** A training run in its own process, for the kill-and-resume tests: start if new, else resume. */
public final class ResumeMain {
    private ResumeMain() {
    }

    static TrainingConfig config() {
        TrainingConfig base = TrainingConfig.defaults("fcn", 2, 128, 1.0, "circle:n=6", "ce");
        return new TrainingConfig(base.arch(), base.depth(), base.width(), base.alpha(), base.data(), base.loss(),
                base.reduction(), base.integrator(), base.learningRate(), base.flow(), 1e24, base.maxSteps(), 7,
                base.observationsPerDecade(), base.firstObservation(), true, true, 0.0);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        TrainingRun run = Files.exists(dir.resolve(Checkpoint.FILE_NAME))
                ? TrainingRun.resume(dir)
                : TrainingRun.start(config(), dir);
        run.run(TrainingRun.ProgressListener.NONE);
    }
}
