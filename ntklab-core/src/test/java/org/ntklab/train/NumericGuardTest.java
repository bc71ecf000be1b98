package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ntklab.flow.NumericalFailureException;

/**
 * Gradient descent with an absurd learning rate overflows: the run stops with a
 * NumericalFailureException naming the step, the flow time and the quantity, and the last checkpoint
 * it left is a good one (finite parameters) that loads and resumes, reproducing the same failure.
 */
class NumericGuardTest {
    @TempDir
    Path tmp;

    private static TrainingConfig absurd(String loss, double learningRate) {
        TrainingConfig b = TrainingConfig.defaults("fcn", 1, 16, 1.0, "circle:n=6", loss);
        // observations at t = 0, lr, 10 lr, ...: the first one after a single step
        return b.with(java.util.Map.of("integrator", "gd", "lr", learningRate, "t-max", 1e6 * learningRate,
                "observations-per-decade", 1, "first-observation", learningRate, "checkpoint-seconds", 1e-9));
    }

    @ParameterizedTest(name = "{0} with learning rate {1}")
    @CsvSource({"mse, 1e100", "ce, 1e80", "ce, 1e100", "mse, 1e300", "ce, 1e300"})
    void overflowStopsTheRunAndKeepsAGoodCheckpoint(String loss, double learningRate) throws IOException {
        TrainingConfig config = absurd(loss, learningRate);
        Path dir = tmp.resolve(loss + "-" + learningRate);
        NumericalFailureException e = assertThrows(NumericalFailureException.class,
                () -> TrainingRun.start(config, dir).run(TrainingRun.ProgressListener.NONE));
        System.out.println(loss + ", lr " + learningRate + ": " + e.getMessage());

        // the message names the step, the time t and the quantity
        assertTrue(e.step() >= 1, "failed at step " + e.step());
        assertEquals(e.step() * learningRate, e.time(), 1e-9 * e.time(), "gradient descent's flow time is steps * lr");
        assertTrue(e.quantity() != null && !e.quantity().isBlank());
        assertTrue(e.getMessage().contains("at step " + e.step()), e.getMessage());
        assertTrue(e.getMessage().contains("t = " + e.time()), e.getMessage());
        assertTrue(e.getMessage().contains(e.quantity()), e.getMessage());
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());

        // the last checkpoint is from before the failure and holds finite numbers
        Checkpoint last = Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME));
        long checkpointStep = (long) last.integratorState()[0];
        assertTrue(checkpointStep <= e.step(), "checkpoint at step " + checkpointStep + " after failure at " + e.step());
        for (int i = 0; i < last.parameters().length; i++) {
            assertTrue(Double.isFinite(last.parameters()[i]), "checkpointed parameter " + i + " = " + last.parameters()[i]);
        }
        for (double v : last.kernelMachineState()) {
            assertTrue(Double.isFinite(v), "kernel machine state " + v);
        }
        assertTrue(last.metricsRows() >= 1);
        List<double[]> rows = MetricsLog.read(dir.resolve("metrics.csv"));
        assertTrue(rows.size() >= last.metricsRows(), rows.size() + " rows, checkpoint expects " + last.metricsRows());
        assertEquals(config.toMap(), last.config());

        // it resumes, and the resumed run (same configuration) meets the same failure at the same place
        Path copy = Files.createDirectories(tmp.resolve("copy-" + loss + "-" + learningRate));
        for (String name : List.of(Checkpoint.FILE_NAME, "metrics.csv", "metrics.jsonl", "outputs.csv")) {
            Files.copy(dir.resolve(name), copy.resolve(name));
        }
        TrainingRun resumed = TrainingRun.resume(copy);
        assertEquals(checkpointStep, resumed.integrator().steps());
        NumericalFailureException again = assertThrows(NumericalFailureException.class,
                () -> resumed.run(TrainingRun.ProgressListener.NONE));
        assertEquals(e.getMessage(), again.getMessage());
    }
}
