package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;
import org.ntklab.testing.TestMatrices;
import org.ntklab.train.NetworkObjective;

/**
 * Wide layers hand their weight gradients over as low-rank factors (m x m weights, 6 samples). The
 * gradient they stand for must be the gradient: against central differences of the network at
 * entries of the factored blocks, and against the formed gradient of the same network; and a flow
 * integrated with factored gradients must follow the one integrated with formed ones.
 */
class LowRankGradientTest {

    @AfterEach
    void restoreDefault() {
        LowRankGradients.setEnabled(true);
    }

    private static BlockVector gradient(Network net, Matrix x, Matrix g, boolean lowRank) {
        LowRankGradients.setEnabled(lowRank);
        return net.gradient(net.trace(x), g);
    }

    @Test
    void factoredGradientsAreTheGradient() {
        for (Architecture arch : new Architecture[] {Architecture.fcn(2, 2, 320, 1), Architecture.resnet(2, 2, 300, 1.0, 1)}) {
            Network net = Network.initialize(arch, 5);
            Matrix x = TestMatrices.gaussian(6, 2, 6);
            Matrix g = TestMatrices.gaussian(6, 1, 7);
            BlockVector factored = gradient(net, x, g, true);
            int wide = -1;
            for (int k = 0; k < factored.blockCount(); k++) {
                if (factored.isProduct(k)) {
                    wide = k;
                }
            }
            assertTrue(wide >= 0, arch.label() + ": no gradient block was kept as factors");
            double norm = factored.norm();
            double[] formed = gradient(net, x, g, false).flatten();
            double[] fromFactors = factored.flatten();
            double diff = 0;
            double squares = 0;
            for (int i = 0; i < formed.length; i++) {
                diff = Math.max(diff, Math.abs(formed[i] - fromFactors[i]));
                squares += formed[i] * formed[i];
            }
            assertTrue(diff <= 1e-13 * Math.sqrt(squares), arch.label() + ": factored and formed gradients differ by " + diff);
            assertEquals(Math.sqrt(squares), norm, 1e-12 * norm, arch.label() + ": norm from the factors");

            // central differences at entries of the factored block (a transposed factor would fail)
            BlockVector p = net.parameters();
            int offset = 0;
            for (int k = 0; k < wide; k++) {
                offset += p.block(k).length;
            }
            SplittableRandom r = new SplittableRandom(8);
            double h = 1e-5;
            for (int trial = 0; trial < 12; trial++) {
                int i = r.nextInt(p.block(wide).length);
                double saved = p.block(wide)[i];
                p.block(wide)[i] = saved + h;
                double plus = GradientCheckTest.objective(net, x, g);
                p.block(wide)[i] = saved - h;
                double minus = GradientCheckTest.objective(net, x, g);
                p.block(wide)[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, fromFactors[offset + i], 1e-6 * Math.sqrt(squares / formed.length) + 1e-7,
                        arch.label() + ": entry " + i + " of block " + p.name(wide));
            }
        }
    }

    @Test
    void flowWithFactoredGradientsFollowsTheFlowWithFormedOnes() {
        Dataset data = DataSpec.parse("circle:n=6").load(1).train();
        Targets targets = Targets.of(data);
        Architecture arch = Architecture.fcn(2, 2, 300, 1);
        double[][] outputs = new double[2][];
        long[] steps = new long[2];
        for (int run = 0; run < 2; run++) {
            LowRankGradients.setEnabled(run == 0);
            Network net = Network.initialize(arch, 3);
            NetworkObjective field = new NetworkObjective(net, data.x(), targets, new BinaryCrossEntropy(Reduction.SUM));
            TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
            flow.advanceTo(field, 1e6, 100_000);
            outputs[run] = net.forward(data.x()).data();
            steps[run] = flow.steps();
            assertFalse(net.parameters().isProduct(0));
        }
        for (int i = 0; i < outputs[0].length; i++) {
            assertEquals(outputs[1][i], outputs[0][i], 1e-8 * Math.abs(outputs[1][i]),
                    "output " + i + " at t = 1e6 (" + steps[0] + " and " + steps[1] + " steps)");
        }
    }
}
