package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.FixedStepGradientDescent;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;

/**
 * The time-rescaled integrator against fixed-step gradient descent with a tiny step, which is the
 * flow up to O(eta): on a small problem both are run to t = 1e4 and compared at 1e2, 1e3, 1e4. The
 * defaults accept steps of 1 % of t at ReLU kinks (minLogStep), which costs about 0.3 % in the
 * outputs on this narrow network (m = 24, where single kinks weigh most); with every tolerance 4x
 * tighter the flow must come closer to gradient descent, within 0.1 %.
 */
class IntegratorAgreementTest {

    @Test
    void timeRescaledFlowMatchesTinyStepGradientDescent() {
        Dataset data = DataSpec.parse("circle:n=6").load(1).train();
        Architecture arch = Architecture.fcn(2, 2, 24, 1);
        Targets targets = Targets.of(data);
        Loss loss = new BinaryCrossEntropy(Reduction.SUM);
        double[] checkpoints = {1e2, 1e3, 1e4};

        Network gdNet = Network.initialize(arch, 3);
        Network flowNet = Network.initialize(arch, 3);
        NetworkObjective gdField = new NetworkObjective(gdNet, data.x(), targets, loss);
        NetworkObjective flowField = new NetworkObjective(flowNet, data.x(), targets, loss);
        Network tightNet = Network.initialize(arch, 3);
        NetworkObjective tightField = new NetworkObjective(tightNet, data.x(), targets, loss);
        FixedStepGradientDescent gd = new FixedStepGradientDescent(1e-2);
        TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
        TimeRescaledGradientFlow tight = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults().tighter(4));
        StringBuilder report = new StringBuilder();
        for (double t : checkpoints) {
            gd.advanceTo(gdField, t, Long.MAX_VALUE);
            flow.advanceTo(flowField, t, Long.MAX_VALUE);
            tight.advanceTo(tightField, t, Long.MAX_VALUE);
            Matrix a = gdNet.forward(data.x());
            double relative = a.distance(flowNet.forward(data.x())) / a.frobeniusNorm();
            double tightRelative = a.distance(tightNet.forward(data.x())) / a.frobeniusNorm();
            report.append(String.format("t=%.0e gd steps=%d flow steps=%d (rejected %d) |f|=%.3f rel diff=%.2e;"
                            + " 4x tighter: steps=%d rel diff=%.2e%n", t, gd.steps(), flow.steps(),
                    flow.rejectedSteps(), a.maxAbs(), relative, tight.steps(), tightRelative));
            assertTrue(relative < 5e-3, report.toString());
            assertTrue(tightRelative < 1e-3, report.toString());
        }
        System.out.print(report);
    }
}
