package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;
import org.ntklab.train.NetworkObjective;

/**
 * A trace at theta + s d with theta untouched ({@link Network#traceDisplaced}): wide layers whose
 * block of d is a low-rank product multiply with W and add s (d z), the others with W + s d formed.
 * Outputs and gradients must be those at the formed point, theta must not move, a change of theta
 * after a displaced pass must be seen by the next one, and a flow whose trials run this way must
 * follow the flow that forms them.
 */
class DisplacedTraceTest {

    @AfterEach
    void restoreDefaults() {
        NetworkObjective.setDisplacedTrials(true);
        LowRankGradients.setEnabled(true);
    }

    /** A step with the shape of the network's gradient: wide blocks as products when the layer is wide. */
    private static BlockVector step(Network net, Matrix x, long seed) {
        return net.gradient(net.trace(x), TestMatrices.gaussian(x.rows(), net.outputs(), seed));
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void displacedTraceIsTheTraceAtTheDisplacedPoint() {
        for (Architecture arch : new Architecture[] {Architecture.fcn(2, 2, 320, 1), Architecture.resnet(2, 2, 300, 1.0, 1)}) {
            Network net = Network.initialize(arch, 11);
            Matrix x = TestMatrices.gaussian(6, 2, 12);
            Matrix g = TestMatrices.gaussian(6, 1, 13);
            BlockVector d = step(net, x, 14);
            boolean anyProduct = false;
            for (int k = 0; k < d.blockCount(); k++) {
                anyProduct |= d.isProduct(k);
            }
            assertTrue(anyProduct, arch.label() + ": the step has no low-rank block, the test would test nothing");
            double s = -0.3 / d.norm(); // a parameter step of 0.3: outputs move by order 0.1
            double[] before = net.parameters().flatten();
            double[] plain = net.forward(x).data();

            Network.Trace displaced = net.traceDisplaced(x, s, d);
            double[] out = displaced.output().data();
            double[] grad = net.gradient(displaced, g).flatten();
            assertArrayEquals(before, net.parameters().flatten(), arch.label() + ": theta moved");
            assertTrue(d.isProduct(firstProduct(d)), "the step was formed by the displaced pass");

            Network formed = net.copy();
            formed.parameters().addScaled(s, d);
            double[] outFormed = formed.forward(x).data();
            double[] gradFormed = formed.gradient(formed.trace(x), g).flatten();
            assertTrue(maxDiff(plain, outFormed) > 1e-3, arch.label() + ": the displacement did not move the outputs");
            assertTrue(maxDiff(out, outFormed) <= 1e-12 * maxAbs(outFormed),
                    arch.label() + ": outputs differ by " + maxDiff(out, outFormed));
            assertTrue(maxDiff(grad, gradFormed) <= 1e-11 * maxAbs(gradFormed),
                    arch.label() + ": gradients differ by " + maxDiff(grad, gradFormed));
        }
    }

    private static int firstProduct(BlockVector d) {
        for (int k = 0; k < d.blockCount(); k++) {
            if (d.isProduct(k)) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void withoutProductsTheDisplacedPassHasTheBitsOfTheFormedPoint() {
        LowRankGradients.setEnabled(false);
        Network net = Network.initialize(Architecture.resnet(2, 2, 320, 1.0, 1), 21);
        Matrix x = TestMatrices.gaussian(6, 2, 22);
        Matrix g = TestMatrices.gaussian(6, 1, 23);
        BlockVector d = step(net, x, 24);
        assertEquals(-1, firstProduct(d));
        double s = -0.3 / d.norm();
        Network.Trace displaced = net.traceDisplaced(x, s, d);
        double[] out = displaced.output().data();
        double[] grad = net.gradient(displaced, g).flatten();
        Network formed = net.copy();
        formed.parameters().addScaled(s, d);
        assertArrayEquals(formed.forward(x).data(), out);
        assertArrayEquals(formed.gradient(formed.trace(x), g).flatten(), grad);
    }

    @Test
    void aChangeOfThetaAfterADisplacedPassIsSeenByTheNext() {
        Network net = Network.initialize(Architecture.fcn(2, 2, 320, 1), 31);
        Matrix x = TestMatrices.gaussian(6, 2, 32);
        BlockVector d = step(net, x, 33);
        double s = -0.3 / d.norm();
        net.traceDisplaced(x, s, d);
        // the flow's accepted step: theta changes through the vector, the native mirrors are stale
        BlockVector e = step(net, x, 34);
        net.parameters().setToBasePlusScaled(net.parameters(), -0.2 / e.norm(), e, e);
        double[] out = net.traceDisplaced(x, s, d).output().data();
        Network formed = net.copy();
        formed.parameters().addScaled(s, d);
        double[] outFormed = formed.forward(x).data();
        assertTrue(maxDiff(out, outFormed) <= 1e-12 * maxAbs(outFormed), "outputs differ by " + maxDiff(out, outFormed));
    }

    @Test
    void flowWithDisplacedTrialsFollowsTheFlowThatFormsThem() {
        for (Architecture arch : new Architecture[] {Architecture.fcn(2, 2, 300, 1), Architecture.resnet(2, 2, 300, 1.0, 1)}) {
            NetworkObjective.setDisplacedTrials(true);
            CircleFlow.Result displaced = CircleFlow.run(arch);
            NetworkObjective.setDisplacedTrials(false);
            CircleFlow.Result formed = CircleFlow.run(arch);
            assertTrue(displaced.displaced());
            assertFalse(formed.displaced());
            CircleFlow.assertSameOutputs(arch.label(), displaced, formed);
        }
    }
}
