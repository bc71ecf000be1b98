package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;
import org.ntklab.train.NetworkObjective;

/**
 * The cross-entropy flow on the six circle points to t = 1e6, seed 3: the run two settings of a
 * switch of the flow step (factored gradients, displaced trials) must agree on.
 */
final class CircleFlow {
    /** The outputs at t = 1e6, the steps taken and whether the objective evaluated its trials displaced. */
    record Result(double[] outputs, long steps, boolean displaced) {}

    private CircleFlow() {}

    static Result run(Architecture arch) {
        Dataset data = DataSpec.parse("circle:n=6").load(1).train();
        Network net = Network.initialize(arch, 3);
        NetworkObjective field = new NetworkObjective(net, data.x(), Targets.of(data), new BinaryCrossEntropy(Reduction.SUM));
        TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
        flow.advanceTo(field, 1e6, 100_000);
        // the flow's last update leaves every block formed: the factors are a step's scratch
        assertFalse(net.parameters().isProduct(0));
        return new Result(net.forward(data.x()).data(), flow.steps(), field.evaluatesDisplaced());
    }

    /** Outputs equal to 1e-8 relative: two settings that change only rounding. */
    static void assertSameOutputs(String label, Result a, Result b) {
        for (int i = 0; i < a.outputs().length; i++) {
            assertEquals(b.outputs()[i], a.outputs()[i], 1e-8 * Math.abs(b.outputs()[i]),
                    label + ": output " + i + " at t = 1e6 (" + a.steps() + " and " + b.steps() + " steps)");
        }
    }
}
