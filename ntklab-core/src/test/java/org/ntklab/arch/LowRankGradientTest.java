package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

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
        Architecture arch = Architecture.fcn(2, 2, 300, 1);
        LowRankGradients.setEnabled(true);
        CircleFlow.Result factored = CircleFlow.run(arch);
        LowRankGradients.setEnabled(false);
        CircleFlow.Result formed = CircleFlow.run(arch);
        CircleFlow.assertSameOutputs(arch.label(), factored, formed);
    }
}
