package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ntklab.cli.reproduce.ScalingPlan;
import org.ntklab.train.TrainingConfig;

/** sweeps/scaling.yaml is the grid `reproduce scaling` runs: the same configurations, run for run. */
class ScalingPlanSpecTest {

    /** The sweep records the data spec in its canonical form; both sides use the circle. */
    private static TrainingConfig sameData(TrainingConfig c) {
        assertTrue(c.data().startsWith("circle:n=6"), c.data());
        return c.withData("circle:n=6");
    }

    @Test
    void theSweepSpecHoldsExactlyTheReproductionsRuns() {
        Path spec = Path.of("..", "sweeps", "scaling.yaml");
        if (!Files.exists(spec)) {
            spec = Path.of("sweeps", "scaling.yaml");
        }
        Set<TrainingConfig> fromSpec = new HashSet<>();
        for (Cell cell : SweepSpec.read(spec).cells()) {
            fromSpec.add(sameData(cell.config()));
        }
        Set<TrainingConfig> planned = new HashSet<>();
        ScalingPlan.of(false, null, null).configs().forEach(c -> planned.add(sameData(c)));
        assertEquals(175, planned.size(), "runs planned");
        assertEquals(planned.size(), fromSpec.size(), "number of runs");
        Set<TrainingConfig> missing = new HashSet<>(planned);
        missing.removeAll(fromSpec);
        assertTrue(missing.isEmpty(), missing.size() + " planned runs are not in the spec, e.g. "
                + missing.stream().findFirst().map(TrainingConfig::describe).orElse(""));
    }
}
