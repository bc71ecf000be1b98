package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.Matrix;

/**
 * The fused one-hidden-layer evaluator against the general network (whose gradient is checked by
 * finite differences in GradientCheckTest): the same outputs, gradient and squared norm up to
 * rounding, for the plane case written out (d = 2, C = 1) and for the general loops.
 */
class OneHiddenLayerTest {

    @Test
    void planeCaseMatchesTheGeneralNetwork() {
        // 5000 units: more than two chunks, the last one partial
        check(Architecture.fcn(2, 1, 5000, 1), 7, 3);
    }

    @Test
    void generalLoopsMatchTheGeneralNetwork() {
        check(Architecture.fcn(3, 1, 2500, 4), 5, 11);
        // a hidden layer without bias, several outputs
        check(new Architecture("no-bias", 2, List.of(new Dense(3000, BiasInit.NONE), new NormalizedRelu(2.0),
                new Dense(2, BiasInit.NONE))), 4, 13);
    }

    @Test
    void otherArchitecturesHaveNoFusedForm() {
        assertTrue(OneHiddenLayer.of(Network.initialize(Architecture.fcn(2, 2, 16, 1), 1)).isEmpty());
        assertTrue(OneHiddenLayer.of(Network.initialize(Architecture.resnet(2, 1, 16, 1.0, 1), 1)).isEmpty());
        assertTrue(OneHiddenLayer.of(Network.initialize(Architecture.fcn(2, 1, 16, 1), 1)).isPresent());
    }

    private static void check(Architecture arch, int n, long seed) {
        Network net = Network.initialize(arch, seed);
        OneHiddenLayer fused = OneHiddenLayer.of(net).orElseThrow();
        Matrix x = random(n, arch.inputDim(), seed + 1);
        Matrix r = random(n, net.outputs(), seed + 2);

        Matrix expected = net.forward(x);
        Matrix actual = fused.forward(net.parameters(), x);
        assertEquals(0, expected.distance(actual) / expected.frobeniusNorm(), 1e-13, "outputs");

        BlockVector general = net.gradient(net.trace(x), r);
        BlockVector grad = net.parameters().zerosLike();
        grad.block(0)[0] = 12345; // overwritten, not accumulated
        double squaredNorm = fused.gradientInto(net.parameters(), x, r, grad);
        double norm = general.norm();
        assertEquals(0, general.distance(grad) / norm, 1e-13, "gradient");
        assertEquals(general.dot(general), squaredNorm, 1e-12 * norm * norm, "squared norm");
    }

    private static Matrix random(int rows, int cols, long seed) {
        Matrix m = new Matrix(rows, cols);
        Gaussians.fill(m.data(), seed, 0);
        return m;
    }
}
